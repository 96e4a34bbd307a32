using System.CommandLine;
using System.Globalization;
using SharpInfer.Core;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>The flags of <c>bench serve</c> (vLLM's names and defaults), also taken by <c>bench sweep</c>.</summary>
internal sealed class ServeBenchOptions
{
    private static readonly string[] Endpoints = ["/v1/completions", "/v1/chat/completions"];
    private static readonly string[] Datasets = ["random", "sharegpt", "jsonl"];

    public Option<string> BaseUrl { get; } = new("--base-url") { Description = "Server root, e.g. http://127.0.0.1:8000.", Required = true };
    public Option<string> Endpoint { get; } = new("--endpoint") { Description = "/v1/completions or /v1/chat/completions.", DefaultValueFactory = _ => "/v1/completions" };
    public Option<string?> Model { get; } = new("--model") { Description = "Model name sent to the server (default: the first of its /v1/models); a folder also serves as the tokenizer." };
    public Option<string?> Tokenizer { get; } = new("--tokenizer") { Description = "Folder with tokenizer.json (default: --model when it is a folder)." };
    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "Sent as 'Authorization: Bearer KEY' (default: $OPENAI_API_KEY)." };
    public Option<string> DatasetName { get; } = new("--dataset-name") { Description = "random, sharegpt or jsonl.", DefaultValueFactory = _ => "random" };
    public Option<string?> DatasetPath { get; } = new("--dataset-path") { Description = "ShareGPT JSON or JSON Lines file ({\"prompt\", \"output_len\"} per line)." };
    public Option<int> RandomInputLen { get; } = new("--random-input-len") { Description = "Prompt tokens per random request.", DefaultValueFactory = _ => 1024 };
    public Option<int> RandomOutputLen { get; } = new("--random-output-len") { Description = "Output tokens per random request (and jsonl lines without output_len).", DefaultValueFactory = _ => 128 };
    public Option<double> RandomRangeRatio { get; } = new("--random-range-ratio") { Description = "Lengths drawn from [len·(1−r), len·(1+r)], 0 ≤ r < 1.", DefaultValueFactory = _ => 0.0 };
    public Option<int> RandomPrefixLen { get; } = new("--random-prefix-len") { Description = "Random tokens shared by every random prompt, before its own.", DefaultValueFactory = _ => 0 };
    public Option<int?> ShareGptOutputLen { get; } = new("--sharegpt-output-len") { Description = "Output tokens for every ShareGPT request (default: the reference answer's length)." };
    public Option<int> NumPrompts { get; } = new("--num-prompts") { Description = "Requests to send.", DefaultValueFactory = _ => 1000 };
    public Option<string> RequestRate { get; } = new("--request-rate") { Description = "Requests per second (inf: all at once).", DefaultValueFactory = _ => "inf" };
    public Option<double> Burstiness { get; } = new("--burstiness") { Description = "Gamma shape of the arrival gaps: 1 Poisson, <1 burstier, >1 steadier.", DefaultValueFactory = _ => 1.0 };
    public Option<int?> MaxConcurrency { get; } = new("--max-concurrency") { Description = "Most requests in flight at once (default: no limit)." };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for prompts and arrivals.", DefaultValueFactory = _ => 0 };
    public Option<bool> IgnoreEos { get; } = new("--ignore-eos") { Description = "Send ignore_eos so every request generates its full output length." };
    public Option<string> PercentileMetrics { get; } = new("--percentile-metrics") { Description = "Metrics summarized on the console: ttft,tpot,itl,e2el.", DefaultValueFactory = _ => "ttft,tpot,itl" };
    public Option<string> MetricPercentiles { get; } = new("--metric-percentiles") { Description = "Percentiles reported, e.g. 50,90,99.", DefaultValueFactory = _ => "99" };
    public Option<string[]> Goodput { get; } = new("--goodput") { Description = "Service-level objectives, e.g. ttft:500 tpot:50 e2el:10000 (ms).", AllowMultipleArgumentsPerToken = true };
    public Option<int> Warmup { get; } = new("--warmup") { Description = "Unmeasured requests sent first (a failure stops the benchmark).", DefaultValueFactory = _ => 0 };
    public Option<bool> SaveResult { get; } = new("--save-result") { Description = "Write the results as vLLM's result JSON." };
    public Option<string> ResultDir { get; } = new("--result-dir") { Description = "Folder for --save-result and --plot files.", DefaultValueFactory = _ => "." };
    public Option<string?> ResultFilename { get; } = new("--result-filename") { Description = "File name of the result JSON (default: vLLM's pattern)." };
    public Option<string?> Label { get; } = new("--label") { Description = "Name of this run in the results (default: the backend)." };
    public Option<bool> Plot { get; } = new("--plot") { Description = "Also write an HTML report with charts (self-contained)." };

    public IEnumerable<Option> All =>
    [
        BaseUrl, Endpoint, Model, Tokenizer, ApiKey, DatasetName, DatasetPath, RandomInputLen, RandomOutputLen, RandomRangeRatio, RandomPrefixLen,
        ShareGptOutputLen, NumPrompts, RequestRate, Burstiness, MaxConcurrency, Seed, IgnoreEos, PercentileMetrics, MetricPercentiles, Goodput,
        Warmup, SaveResult, ResultDir, ResultFilename, Label, Plot,
    ];

    public ServeBenchConfig Read(ParseResult parse)
    {
        var endpoint = parse.GetValue(Endpoint)!;
        if (!Endpoints.Contains(endpoint))
            throw new UserErrorException($"--endpoint '{endpoint}' is not supported; use {string.Join(" or ", Endpoints)}");
        var dataset = parse.GetValue(DatasetName)!;
        if (!Datasets.Contains(dataset))
            throw new UserErrorException($"--dataset-name '{dataset}' is not supported; use {string.Join(", ", Datasets)}");
        var path = parse.GetValue(DatasetPath);
        if (dataset != "random" && path is null)
            throw new UserErrorException($"--dataset-name {dataset} needs --dataset-path FILE");
        var ratio = parse.GetValue(RandomRangeRatio);
        if (!(ratio is >= 0 and < 1))
            throw new UserErrorException(Invariant($"--random-range-ratio must be in [0, 1) (got {ratio})"));
        var burstiness = parse.GetValue(Burstiness);
        if (!(burstiness > 0))
            throw new UserErrorException(Invariant($"--burstiness must be positive (got {burstiness})"));
        var resultDir = parse.GetValue(ResultDir)!;
        if ((parse.GetValue(SaveResult) || parse.GetValue(Plot)) && !Directory.Exists(resultDir))
            throw new UserErrorException($"--result-dir '{resultDir}' does not exist; create it or pass another folder");
        return new ServeBenchConfig
        {
            BaseUrl = ParseUrl(parse.GetValue(BaseUrl)!),
            Endpoint = endpoint,
            Model = parse.GetValue(Model),
            TokenizerPath = parse.GetValue(Tokenizer),
            ApiKey = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
            DatasetName = dataset,
            DatasetPath = path,
            RandomInputLen = BenchOptions.Positive("--random-input-len", parse.GetValue(RandomInputLen)),
            RandomOutputLen = BenchOptions.Positive("--random-output-len", parse.GetValue(RandomOutputLen)),
            RandomRangeRatio = ratio,
            RandomPrefixLen = NonNegative("--random-prefix-len", parse.GetValue(RandomPrefixLen)),
            ShareGptOutputLen = parse.GetValue(ShareGptOutputLen) is { } fixedLen ? BenchOptions.Positive("--sharegpt-output-len", fixedLen) : null,
            NumPrompts = BenchOptions.Positive("--num-prompts", parse.GetValue(NumPrompts)),
            RequestRate = ParseRate(parse.GetValue(RequestRate)!, "--request-rate"),
            Burstiness = burstiness,
            MaxConcurrency = parse.GetValue(MaxConcurrency) is { } limit ? BenchOptions.Positive("--max-concurrency", limit) : null,
            Seed = parse.GetValue(Seed),
            IgnoreEos = parse.GetValue(IgnoreEos),
            PercentileMetrics = ParseMetrics(parse.GetValue(PercentileMetrics)!),
            MetricPercentiles = ParsePercentiles(parse.GetValue(MetricPercentiles)!),
            Goodput = GoodputSlo.Parse(parse.GetValue(Goodput)),
            Warmup = NonNegative("--warmup", parse.GetValue(Warmup)),
            SaveResult = parse.GetValue(SaveResult),
            ResultDir = resultDir,
            ResultFilename = parse.GetValue(ResultFilename),
            Label = parse.GetValue(Label),
            Plot = parse.GetValue(Plot),
        };
    }

    public static double ParseRate(string text, string flag) =>
        text == "inf" ? double.PositiveInfinity
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 && double.IsFinite(rate) ? rate
        : throw new UserErrorException($"{flag} '{text}' is not 'inf' or a positive number of requests per second");

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
            : throw new UserErrorException($"--base-url '{text}' is not an http(s) URL such as http://127.0.0.1:8000");

    private static IReadOnlyList<string> ParseMetrics(string text)
    {
        var metrics = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var metric in metrics)
        {
            if (!ServeMetrics.MetricKeys.Contains(metric))
                throw new UserErrorException($"--percentile-metrics: '{metric}' is not one of {string.Join(", ", ServeMetrics.MetricKeys)}");
        }
        return metrics;
    }

    private static IReadOnlyList<double> ParsePercentiles(string text) =>
    [
        .. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
            double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100 ? p
                : throw new UserErrorException($"--metric-percentiles: '{part}' is not a number in (0, 100]")),
    ];

    private static int NonNegative(string flag, int value) =>
        value >= 0 ? value : throw new UserErrorException(Invariant($"{flag} must be 0 or more (got {value})"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

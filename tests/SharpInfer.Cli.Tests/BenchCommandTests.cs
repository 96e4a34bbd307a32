using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

/// <summary><c>bench latency</c> and <c>bench throughput</c> end to end on tiny models: the JSON contract, the grid, flag errors.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-bench-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Stories => SharedData.Model("stories260K");

    private (CliRunner.Result Result, JsonNode Json) RunWithJson(params string[] args)
    {
        var path = Path.Combine(_directory, "out.json");
        var result = CliRunner.Run([.. args, "--output-json", path]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (result, JsonNode.Parse(File.ReadAllText(path))!);
    }

    private static void AssertPositive(JsonNode node, params string[] keys)
    {
        foreach (var key in keys)
            Assert.True((double)node[key]! > 0, $"{key} = {node[key]}");
    }

    [Fact]
    public void LatencyReportsEachIterationAndPercentiles()
    {
        var (result, json) = RunWithJson("bench", "latency", "--model", Stories, "--input-len", "8", "--output-len", "4", "--batch-size", "2", "--num-iters", "2",
            "--memory-bandwidth", "50");
        Assert.Equal(8, (int)json["input_len"]!);
        Assert.Equal(4, (int)json["output_len"]!);
        Assert.Equal(2, (int)json["batch_size"]!);
        Assert.Equal(2, json["latencies"]!.AsArray().Count);
        AssertPositive(json, "avg_latency", "prefill_tokens_per_s", "decode_tokens_per_s", "first_token_latency_ms");
        AssertPositive(json["percentiles"]!, "10", "50", "90", "99");
        Assert.True((double)json["first_token_latency_ms"]! / 1000 < (double)json["avg_latency"]!);
        Assert.Contains("Avg latency: ", result.Stdout);
        Assert.Contains("KV cache 1,280 B/token (float32)", result.Stdout);
        Assert.Contains("99% percentile latency: ", result.Stdout);

        // Each decode step of the batch of 2 streams every weight once: GB/s = steps/s × bytes per step.
        Assert.Equal(50, (double)json["memory_bandwidth_gb_per_s"]!);
        var gbPerSecond = (double)json["decode_weight_gb_per_s"]!;
        var gbPerStep = gbPerSecond / ((double)json["decode_tokens_per_s"]! / 2);
        Assert.Equal(StoriesWeightBytesPerStep / 1e9, gbPerStep, 1e-9);
        Assert.Equal(100 * gbPerSecond / 50, (double)json["roofline_percent"]!, 1e-9);
        Assert.Contains("% of roofline", result.Stdout);
    }

    [Fact]
    public void MeasuredRooflineUsesTheHigherOfTheReadingsBeforeAndAfterTheRuns()
    {
        var (result, json) = RunWithJson("bench", "latency", "--model", Stories, "--input-len", "8", "--output-len", "4", "--num-iters", "1",
            "--num-iters-warmup", "0");
        var before = Number(result.Stdout, @"at ([\d.]+) GB/s \(measured\)");
        var after = Number(result.Stdout, @"read bandwidth after the runs: ([\d.]+) GB/s");
        var used = Number(result.Stdout, @"uses the higher reading, ([\d.]+) GB/s");
        Assert.Equal(Math.Max(before, after), used);
        var bandwidth = (double)json["memory_bandwidth_gb_per_s"]!;
        Assert.Equal(used, bandwidth, 0.051);
        Assert.Equal(100 * (double)json["decode_weight_gb_per_s"]! / bandwidth, (double)json["roofline_percent"]!, 1e-9);
    }

    private static double Number(string text, string pattern)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, pattern);
        Assert.True(match.Success, $"'{pattern}' not in: {text}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>stories260K (float32, dim 64, hidden 172, 5 layers, 8 heads / 4 KV heads of 8, vocab 512), each matrix padded to 32-row panels.</summary>
    private static long StoriesWeightBytesPerStep
    {
        get
        {
            static long Packed(int rows, int cols) => (rows + 31) / 32 * 32L * cols * sizeof(float);
            // q, k and v stacked (64 + 32 + 32 rows), o, gate and up stacked (2 × 172), down.
            var layer = Packed(128, 64) + Packed(64, 64) + Packed(344, 64) + Packed(64, 172);
            return 5 * layer + Packed(512, 64);
        }
    }

    [Fact]
    public void CasePairsTimesBatchSizesGiveOneRowEach()
    {
        var (result, json) = RunWithJson("bench", "latency", "--model", Stories, "--case-pairs", "[[8,4],[16,2]]", "--batch-sizes", "1,2",
            "--num-iters", "1", "--num-iters-warmup", "0");
        var rows = json.AsArray().Select(r => ((int)r!["input_len"]!, (int)r["output_len"]!, (int)r["batch_size"]!)).ToArray();
        Assert.Equal([(8, 4, 1), (8, 4, 2), (16, 2, 1), (16, 2, 2)], rows);
        foreach (var row in json.AsArray())
            AssertPositive(row!, "avg_latency", "prefill_tokens_per_s", "decode_tokens_per_s", "first_token_latency_ms");
        Assert.Contains("decode tok/s", result.Stdout);
        // Captured output is plain: no colours, no progress bar.
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public void LatencyRunsWithABf16KvCache()
    {
        var (result, json) = RunWithJson("bench", "latency", "--model", Stories, "--input-len", "8", "--output-len", "4", "--batch-size", "1",
            "--num-iters", "1", "--num-iters-warmup", "0", "--kv-cache-dtype", "bfloat16");
        AssertPositive(json, "avg_latency", "decode_tokens_per_s");
        // stories260K: 5 layers × (4 KV heads × 8) keys and values = 320 values per token.
        Assert.Contains("KV cache 640 B/token (bfloat16)", result.Stdout);

        var bad = CliRunner.Run(["bench", "latency", "--model", Stories, "--input-len", "8", "--output-len", "4", "--kv-cache-dtype", "fp8"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--kv-cache-dtype 'fp8' is not supported; use auto, float32, float16 or bfloat16", bad.Stderr);
    }

    [Fact]
    public void LatencyDefaultsToAnF16CacheForA16BitModel()
    {
        var (result, _) = RunWithJson("bench", "latency", "--model", SharedData.Model("tiny-qwen2"), "--input-len", "8", "--output-len", "4",
            "--batch-size", "1", "--num-iters", "1", "--num-iters-warmup", "0");
        // tiny-qwen2: 2 layers × (32 + 32) keys and values.
        Assert.Contains("KV cache 256 B/token (float16)", result.Stdout);
    }

    [Fact]
    public void ThroughputCountsEveryToken()
    {
        var (result, json) = RunWithJson("bench", "throughput", "--model", Stories, "--input-len", "8", "--output-len", "4", "--num-prompts", "3",
            "--max-num-seqs", "2");
        Assert.Equal(3, (int)json["num_requests"]!);
        Assert.Equal(12, (int)json["total_output_tokens"]!);
        Assert.Equal(36, (int)json["total_num_tokens"]!);
        Assert.Equal(2, (int)json["max_num_seqs"]!);
        AssertPositive(json, "elapsed_time", "requests_per_second", "tokens_per_second", "output_tokens_per_second");
        Assert.Matches(@"Throughput: [\d.]+ requests/s, [\d.]+ total tokens/s, [\d.]+ output tokens/s", result.Stdout);
    }

    [Fact]
    public void DummyWeightsNeedOnlyTheConfig()
    {
        var (_, json) = RunWithJson("bench", "latency", "--model", SharedData.Model("tiny-qwen2"), "--load-format", "dummy",
            "--input-len", "4", "--output-len", "2", "--batch-size", "1", "--num-iters", "1", "--num-iters-warmup", "0");
        Assert.Single(json["latencies"]!.AsArray());
        AssertPositive(json, "avg_latency", "decode_tokens_per_s");
    }

    [Fact]
    public void HfOverridesReshapeTheConfigBeforeLoading()
    {
        // tiny-deepseek-v3 with a fourth layer and 8 experts (2 per group), dummy weights at the new shape.
        var (result, json) = RunWithJson("bench", "latency", "--model", SharedData.Model("tiny-deepseek-v3"), "--load-format", "dummy",
            "--hf-overrides", """{"num_hidden_layers": 4, "n_routed_experts": 8}""",
            "--input-len", "4", "--output-len", "2", "--batch-size", "2", "--num-iters", "1", "--num-iters-warmup", "0");
        AssertPositive(json, "avg_latency", "decode_tokens_per_s");
        // 4 layers × (32 + 8) latent floats; full attention would store 4 heads × (24 + 16) per layer.
        Assert.Contains("latent KV cache 640 B/token (full attention: 2,560)", result.Stdout);

        var bad = CliRunner.Run(["bench", "latency", "--model", SharedData.Model("tiny-deepseek-v3"), "--load-format", "dummy",
            "--hf-overrides", """{"n_routed_experts": 6}""", "--input-len", "4", "--output-len", "2"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("n_routed_experts (6) must be a multiple of n_group (4)", bad.Stderr);
    }

    public static TheoryData<string[], string> BadFlags() => new()
    {
        { ["latency", "--input-len", "0", "--output-len", "4"], "--input-len" },
        { ["latency", "--output-len", "4"], "--input-len" },
        { ["latency", "--input-len", "8", "--output-len", "4", "--num-iters", "0"], "--num-iters" },
        { ["latency", "--input-len", "500", "--output-len", "100"], "lower --input-len or --output-len" },
        { ["latency", "--case-pairs", "[[8,4],[400,200]]"], "[400,200]" },
        { ["latency", "--case-pairs", "[[8,4],[8]]"], "'[8]'" },
        { ["latency", "--case-pairs", "256x256"], "'256x256'" },
        { ["latency", "--case-pairs", "[[8,4]]", "--input-len", "8"], "--case-pairs" },
        { ["latency", "--input-len", "8", "--output-len", "4", "--batch-sizes", "1,x"], "'x'" },
        { ["latency", "--input-len", "8", "--output-len", "4", "--block-size", "0"], "--block-size" },
        { ["latency", "--input-len", "8", "--output-len", "4", "--memory-bandwidth", "0"], "--memory-bandwidth" },
        { ["latency", "--input-len", "8", "--output-len", "4", "--hf-overrides", "[1]"], "--hf-overrides" },
        { ["throughput", "--input-len", "8", "--output-len", "4"], "--num-prompts" },
        { ["throughput", "--input-len", "8", "--output-len", "4", "--num-prompts", "2", "--max-num-seqs", "0"], "--max-num-seqs" },
        { ["throughput", "--input-len", "8", "--output-len", "4", "--num-prompts", "2", "--output-json", "/nonexistent-dir/x.json"], "--output-json" },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public void BadFlagsAreUserErrorsNamingTheFlag(string[] args, string fragment)
    {
        var result = CliRunner.Run(["bench", args[0], "--model", Stories, .. args[1..]]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr);
        Assert.Contains(fragment, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }
}

using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary><c>bench serve</c> and <c>bench sweep</c> against a real in-process <c>sharpinfer serve</c> (tiny-qwen2 where exact prompt lengths matter: no BOS; else stories260K, the fastest).</summary>
public sealed class BenchServeEndToEndTests : IDisposable
{
    private static readonly string[] ResultFields =
    [
        "date", "backend", "label", "model_id", "tokenizer_id", "num_prompts", "request_rate", "burstiness", "max_concurrency", "duration",
        "completed", "failed", "total_input_tokens", "total_output_tokens", "request_throughput", "request_goodput", "output_throughput",
        "total_token_throughput", "max_output_tokens_per_s", "max_concurrent_requests", "input_lens", "output_lens", "ttfts", "itls",
        "generated_texts", "errors",
    ];

    private readonly BenchRun _bench = new();

    public void Dispose() => _bench.Dispose();

    private static string Tokenizer => SharedData.Model("tiny-qwen2");

    private static string Stories => SharedData.Model("stories260K");

    [Fact]
    public async Task CountsMatchTheServersMetricsAndConcurrencyIsCapped()
    {
        await using var server = await CountingServer.StartAsync("tiny-qwen2");
        var prompts0 = await server.MetricAsync("vllm:prompt_tokens_total");
        var generated0 = await server.MetricAsync("vllm:generation_tokens_total");

        var (result, json) = await _bench.ServeAsync("--base-url", server.BaseUrl, "--tokenizer", Tokenizer, "--num-prompts", "8",
            "--random-input-len", "12", "--random-output-len", "8", "--random-prefix-len", "4", "--ignore-eos", "--max-concurrency", "4",
            "--goodput", "ttft:60000", "e2el:60000", "--metric-percentiles", "50,90,99", "--label", "ours");

        Assert.Equal(8, (int)json["completed"]!);
        Assert.Equal(0, (int)json["failed"]!);
        Assert.Equal(await server.MetricAsync("vllm:prompt_tokens_total") - prompts0, (double)json["total_input_tokens"]!);
        Assert.Equal(await server.MetricAsync("vllm:generation_tokens_total") - generated0, (double)json["total_output_tokens"]!);
        // Exact lengths: the server counted 4 + 12 prompt tokens for every request and produced all 8 (ignore_eos).
        Assert.All(json["input_lens"]!.AsArray(), n => Assert.Equal(16, (int)n!));
        Assert.All(json["output_lens"]!.AsArray(), n => Assert.Equal(8, (int)n!));
        Assert.InRange(server.PeakInFlight, 2, 4);
        Assert.InRange((int)json["max_concurrent_requests"]!, 2, 4);
        foreach (var field in ResultFields)
            Assert.True(json.ContainsKey(field), "missing " + field);
        foreach (var metric in new[] { "ttft", "tpot", "itl", "e2el" })
            foreach (var stat in new[] { "mean", "median", "std", "p50", "p90", "p99" })
                Assert.True((double)json[$"{stat}_{metric}_ms"]! > 0, $"{stat}_{metric}_ms");
        Assert.Equal("ours", (string)json["label"]!);
        Assert.Equal("inf", (string)json["request_rate"]!);
        Assert.Equal(4, (int)json["max_concurrency"]!);
        Assert.Equal((double)json["request_throughput"]!, (double)json["request_goodput"]!, tolerance: 1e-12);
        // One gap per streamed chunk after the first: 7 for 8 tokens, fewer only where a token's text waited for the next (split UTF-8).
        Assert.All(json["itls"]!.AsArray(), itl => Assert.InRange(itl!.AsArray().Count, 1, 7));
        Assert.Equal(7, json["itls"]!.AsArray().Max(itl => itl!.AsArray().Count));
        Assert.Contains("Maximum request concurrency:             4", result.Stdout);
        Assert.Contains("P90 ITL (ms):", result.Stdout);
    }

    [Fact]
    public async Task AServerKilledMidRunLeavesFailuresWithTheirErrors()
    {
        await using var server = await CountingServer.StartAsync("stories260K");
        server.OnArrival = index =>
        {
            if (index == 4)
                _ = Task.Run(server.KillAsync);
        };

        var (result, json) = await _bench.ServeAsync("--base-url", server.BaseUrl, "--tokenizer", Stories, "--num-prompts", "10",
            "--random-input-len", "16", "--random-output-len", "200", "--ignore-eos", "--max-concurrency", "2");

        var completed = (int)json["completed"]!;
        var failed = (int)json["failed"]!;
        Assert.Equal(10, completed + failed);
        // Requests 0-3 ran before the kill; the one in flight and request 4 were cut, 5-9 found no server.
        Assert.InRange(completed, 2, 4);
        Assert.True(failed >= 6, $"only {failed} failed");
        var errors = json["errors"]!.AsArray().Select(e => (string)e!).ToArray();
        Assert.Equal(failed, errors.Count(e => e.Length > 0));
        Assert.Contains("Failed requests:", result.Stdout);
        // Each failure says how the dying server failed it: cut mid-stream or before the headers, told "shutting down", or refused.
        Assert.All(errors.Where(e => e.Length > 0), e => Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(e, "Connection reset|Connection refused|Broken pipe|ended prematurely|shutting down|without 'data: \\[DONE\\]'"), e));
        Assert.Contains("failed x", result.Stdout);
    }

    [Fact]
    public async Task SweepRunsEachConcurrencyAndWritesTableJsonAndPlot()
    {
        await using var server = await CountingServer.StartAsync("stories260K");
        var result = await Task.Run(() => CliRunner.Run("bench", "sweep", "--base-url", server.BaseUrl, "--tokenizer", Stories, "--num-prompts-per-concurrency", "2",
            "--random-input-len", "8", "--random-output-len", "4", "--ignore-eos", "--concurrencies", "1,2", "--save-result", "--plot",
            "--result-dir", _bench.Directory, "--result-filename", "sweep.json"));

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_bench.Directory, "sweep.json")))!.AsArray();
        Assert.Equal([1, 2], json.Select(r => (int)r!["max_concurrency"]!));
        Assert.Equal([2, 4], json.Select(r => (int)r!["completed"]!));
        Assert.Equal([8, 16], json.Select(r => (int)r!["total_output_tokens"]!));
        Assert.Contains("output tok/s", result.Stdout);
        var html = File.ReadAllText(Path.Combine(_bench.Directory, "sweep.html"));
        Assert.Contains("<svg", html);
        Assert.Contains("TTFT vs output throughput", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlotWritesASelfContainedReport()
    {
        await using var server = await CountingServer.StartAsync("stories260K");
        var (_, json) = await _bench.ServeAsync("--base-url", server.BaseUrl, "--tokenizer", Stories, "--num-prompts", "3",
            "--random-input-len", "8", "--random-output-len", "6", "--ignore-eos", "--plot", "--request-rate", "50", "--burstiness", "0.5");

        Assert.Equal(3, (int)json["completed"]!);
        Assert.Equal(50, (double)json["request_rate"]!);
        var html = File.ReadAllText(Path.Combine(_bench.Directory, "result.html"));
        foreach (var chart in new[] { "TTFT distribution", "ITL distribution", "Output tokens per second", "Requests in flight" })
            Assert.Contains(chart, html);
        Assert.DoesNotContain("<script", html);
    }
}

using System.Diagnostics;
using System.Globalization;

namespace SharpInfer.Server.Tests;

/// <summary>Clients that hang up mid-stream abort their requests: the engine drains and frees the KV cache at once.</summary>
public sealed class CancellationTests(StoriesServerFixture server, QwenServerFixture qwen)
    : IClassFixture<StoriesServerFixture>, IClassFixture<QwenServerFixture>
{
    private const int Streams = 20;
    private const int MaxTokens = 400;

    /// <summary>
    /// The engine is free again about 50 ms after the last cut here. The wall-clock bound is looser than that
    /// (a loaded 2-core CI machine can stall the test process itself for seconds); what shows the aborts were
    /// prompt is the token count: the engine generated only a small part of what the cut streams asked for.
    /// </summary>
    [Fact]
    public async Task CutStreamsFreeTheEngineAtOnce()
    {
        var before = await PrometheusText.ScrapeAsync(server.Http);
        using var client = server.NewClient();

        await Task.WhenAll(Enumerable.Range(0, Streams).Select(async i =>
        {
            var prompt = string.Create(CultureInfo.InvariantCulture, $"Once upon a time there were {i} cats and");
            using var response = await Api.PostStreamingAsync(client, "/v1/completions", Requests.GreedyCompletion(prompt, MaxTokens, stream: true));
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            for (var k = 0; k < 2; k++)
                Assert.NotNull(await reader.NextAsync());
            // Leaving the scope disposes the half-read response: the client hangs up.
        }));
        var lastCut = Stopwatch.StartNew();

        IReadOnlyDictionary<string, double> metrics;
        double running, usage;
        do
        {
            await Task.Delay(50);
            metrics = await PrometheusText.ScrapeAsync(server.Http);
            running = PrometheusText.Value(metrics, "vllm:num_requests_running", server.ModelName);
            usage = PrometheusText.Value(metrics, "vllm:kv_cache_usage_perc", server.ModelName);
        }
        while ((running != 0 || usage != 0) && lastCut.Elapsed < TimeSpan.FromSeconds(10));

        Assert.True(running == 0, string.Create(CultureInfo.InvariantCulture, $"{running} requests still running {lastCut.ElapsedMilliseconds} ms after the last cut"));
        Assert.True(usage == 0, string.Create(CultureInfo.InvariantCulture, $"KV cache {usage} still in use {lastCut.ElapsedMilliseconds} ms after the last cut"));
        Assert.Equal(0, PrometheusText.Value(metrics, "vllm:num_requests_waiting", server.ModelName));

        // The cuts really were mid-stream: every request was aborted, far short of max_tokens.
        await WaitForAbortsAsync(server, before, Streams);
        var generated = PrometheusText.Value(metrics, "vllm:generation_tokens_total", server.ModelName)
            - PrometheusText.Value(before, "vllm:generation_tokens_total", server.ModelName);
        Assert.True(generated < Streams * MaxTokens / 4, string.Create(CultureInfo.InvariantCulture, $"{generated} of {Streams * MaxTokens} tokens generated: the streams ran on after the cut"));
    }

    [Fact]
    public async Task AbandonedNonStreamingRequestsAreAborted()
    {
        const int requests = 3;
        var before = await PrometheusText.ScrapeAsync(qwen.Http);
        using var client = qwen.NewClient();
        using var cancel = new CancellationTokenSource();

        // tiny-qwen2 takes seconds for 400 tokens, so these are still generating when the clients give up.
        var calls = Enumerable.Range(0, requests).Select(i => client.PostAsync(
            "/v1/completions", new StringContent(Requests.GreedyCompletion("Tell me about " + i.ToString(CultureInfo.InvariantCulture), 400).ToJsonString()), cancel.Token)).ToArray();
        await WaitUntilAsync(qwen, m => PrometheusText.Value(m, "vllm:num_requests_running", qwen.ModelName) == requests, TimeSpan.FromSeconds(5));
        await cancel.CancelAsync();
        foreach (var call in calls)
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        await WaitUntilAsync(qwen, m => PrometheusText.Value(m, "vllm:num_requests_running", qwen.ModelName) == 0
            && PrometheusText.Value(m, "vllm:kv_cache_usage_perc", qwen.ModelName) == 0, TimeSpan.FromSeconds(10));
        await WaitForAbortsAsync(qwen, before, requests);
    }

    private static async Task WaitUntilAsync(ServerFixture fixture, Func<IReadOnlyDictionary<string, double>, bool> condition, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!condition(await PrometheusText.ScrapeAsync(fixture.Http)))
        {
            Assert.True(clock.Elapsed < limit, $"the engine did not reach the expected state within {limit.TotalMilliseconds} ms");
            await Task.Delay(50);
        }
    }

    private static async Task WaitForAbortsAsync(ServerFixture fixture, IReadOnlyDictionary<string, double> before, int expected)
    {
        const string reason = ",finished_reason=\"abort\"";
        var start = PrometheusText.Value(before, "vllm:request_success_total", fixture.ModelName, reason);
        double aborted = 0;
        var clock = Stopwatch.StartNew();
        while (aborted < expected && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var now = await PrometheusText.ScrapeAsync(fixture.Http);
            aborted = PrometheusText.Value(now, "vllm:request_success_total", fixture.ModelName, reason) - start;
            if (aborted < expected)
                await Task.Delay(50);
        }
        Assert.Equal(expected, aborted);
    }
}

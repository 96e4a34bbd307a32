using System.Globalization;
using System.Net;

namespace SharpInfer.Server.Tests;

/// <summary>Past <see cref="ServeOptions.MaxWaiting"/> waiting requests, new generation requests get 429 with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitServerFixture server) : IClassFixture<RateLimitServerFixture>
{
    [Fact]
    public async Task AFullQueueGets429UntilItDrains()
    {
        using var client = server.NewClient();
        using var running = await Api.PostStreamingAsync(client, "/v1/completions", Requests.GreedyCompletion("Once upon a time", 400, stream: true));
        using var runningReader = new SseReader(await running.Content.ReadAsStreamAsync());
        Assert.NotNull(await runningReader.NextAsync());
        using var cancelWaiting = new CancellationTokenSource();
        var waiting = client.PostAsync("/v1/completions", new StringContent(Requests.GreedyCompletion("Hello", 400).ToJsonString()), cancelWaiting.Token);
        await WaitForMetricAsync("vllm:num_requests_waiting", 1);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions") { Content = new StringContent(Requests.GreedyCompletion("Hi", 2).ToJsonString()) };
        using var refused = await server.Http.SendAsync(request);
        var body = await refused.Content.ReadAsStringAsync();
        var tokenize = await Api.PostAsync(server.Http, "/tokenize", new System.Text.Json.Nodes.JsonObject { ["prompt"] = "Hi" });

        runningReader.Dispose(); // hang up on the running request
        running.Dispose();
        await cancelWaiting.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        var error = new ApiResponse(refused.StatusCode, refused.Content.Headers.ContentType?.MediaType, body).AssertError(HttpStatusCode.TooManyRequests, null, "rate_limit_error");
        Assert.Contains("retry", (string?)error["message"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, tokenize.Status); // only generation is admission-controlled

        await WaitForMetricAsync("vllm:num_requests_running", 0);
        await WaitForMetricAsync("vllm:num_requests_waiting", 0);
        (await Api.PostAsync(server.Http, "/v1/completions", Requests.GreedyCompletion("Hi", 2))).AssertOk();
    }

    private async Task WaitForMetricAsync(string name, double value)
    {
        double current = double.NaN;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            current = PrometheusText.Value(await PrometheusText.ScrapeAsync(server.Http), name, server.ModelName);
            if (current == value)
                return;
            await Task.Delay(20);
        }
        Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{name} stayed {current}, expected {value}"));
    }
}

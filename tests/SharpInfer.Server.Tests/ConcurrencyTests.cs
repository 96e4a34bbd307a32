using System.Globalization;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Many simultaneous streams are batched by the engine, yet each gets exactly its solo greedy output.</summary>
public sealed class ConcurrencyTests(StoriesServerFixture server) : IClassFixture<StoriesServerFixture>
{
    private const int Clients = 32;
    private const int MaxTokens = 20;

    private static readonly string[] Names = ["Lily", "Ben", "Tom", "Sue", "Max", "Anna", "Tim", "Mia"];
    private static readonly string[] Openings = ["Once upon a time, {0}", "{0} went to the park", "{0} had a red ball and", "One day {0} saw a big dog"];

    [Fact]
    public async Task ConcurrentStreamsEachMatchTheirSoloResult()
    {
        var prompts = Openings.SelectMany(o => Names.Select(n => string.Format(CultureInfo.InvariantCulture, o, n))).ToArray();
        Assert.Equal(Clients, prompts.Distinct().Count());
        var solo = new List<string>();
        foreach (var prompt in prompts)
        {
            var json = (await Api.PostAsync(server.Http, "/v1/completions", Requests.GreedyCompletion(prompt, MaxTokens))).OkJson();
            solo.Add((string)json["choices"]![0]!["text"]!);
        }
        Assert.True(solo.Distinct().Count() > 1, "different prompts should give different outputs");

        using var client = server.NewClient();
        var streamed = await Task.WhenAll(prompts.Select(async prompt =>
        {
            var body = Requests.GreedyCompletion(prompt, MaxTokens, stream: true);
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
            using var response = await Api.PostStreamingAsync(client, "/v1/completions", body);
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            return await reader.ReadToEndAsync();
        }));

        for (var i = 0; i < Clients; i++)
        {
            Assert.True(solo[i] == Sse.Text(streamed[i]), $"client {i} ('{prompts[i]}'): streamed '{Sse.Text(streamed[i])}' vs solo '{solo[i]}'");
            Assert.Equal(["length"], Sse.FinishReasons(streamed[i]));
            Assert.Equal(MaxTokens, (int)streamed[i][^1]["usage"]!["completion_tokens"]!);
        }
        var metrics = await PrometheusText.ScrapeAsync(server.Http);
        Assert.Equal(0, PrometheusText.Value(metrics, "vllm:num_requests_running", server.ModelName));
        Assert.Equal(0, PrometheusText.Value(metrics, "vllm:num_requests_waiting", server.ModelName));
    }
}

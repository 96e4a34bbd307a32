using System.Net;
using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>/tokenize, /detokenize, /health, /ready, /version, /v1/models and /metrics.</summary>
public sealed class InfoEndpointTests(QwenServerFixture server) : IClassFixture<QwenServerFixture>
{
    [Theory]
    [InlineData("Hello world")]
    [InlineData("深度求索发布了推理模型。")]
    [InlineData("def f(x):\n    return x * 2  # twice")]
    public async Task TokenizeThenDetokenizeRoundTrips(string text)
    {
        var tokenized = (await Api.PostAsync(server.Http, "/tokenize", new JsonObject { ["prompt"] = text, ["add_special_tokens"] = false })).OkJson();

        var ids = tokenized["tokens"]!.AsArray().Select(t => (int)t!).ToArray();
        Assert.Equal(server.Tokenizer.Encode(text), ids);
        Assert.Equal(ids.Length, (int)tokenized["count"]!);
        Assert.Equal(server.MaxModelLen, (int)tokenized["max_model_len"]!);

        var detokenized = (await Api.PostAsync(server.Http, "/detokenize", new JsonObject { ["tokens"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray()) })).OkJson();
        Assert.Equal(text, (string?)detokenized["prompt"]);
    }

    [Fact]
    public async Task DetokenizeRejectsIdsOutsideTheVocabulary()
    {
        var response = await Api.PostAsync(server.Http, "/detokenize", new JsonObject { ["tokens"] = new JsonArray(1, 10_000_000) });

        response.AssertError(HttpStatusCode.BadRequest, "tokens");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/ready")]
    public async Task HealthAndReadyAre200(string path)
    {
        var response = await Api.GetAsync(server.Http, path);

        response.AssertOk();
    }

    [Fact]
    public async Task VersionReportsAVersion()
    {
        var json = (await Api.GetAsync(server.Http, "/version")).OkJson();

        Assert.False(string.IsNullOrEmpty((string?)json["version"]));
    }

    [Fact]
    public async Task ModelsListsTheServedModel()
    {
        var json = (await Api.GetAsync(server.Http, "/v1/models")).OkJson();

        Assert.Equal("list", (string?)json["object"]);
        var model = json["data"]!.AsArray().Single()!;
        Assert.Equal(server.ModelName, (string?)model["id"]);
        Assert.Equal("model", (string?)model["object"]);
        Assert.Equal(server.MaxModelLen, (int)model["max_model_len"]!);
    }

    [Fact]
    public async Task MetricsExposeVllmNamesWithTheModelLabel()
    {
        // At least one finished request, so the counters have something to count.
        (await Api.PostAsync(server.Http, "/v1/completions", Requests.GreedyCompletion("Hello", 3))).AssertOk();

        var response = await Api.GetAsync(server.Http, "/metrics");

        response.AssertOk();
        Assert.Equal("text/plain", response.ContentType);
        var samples = PrometheusText.Parse(response.Body);
        foreach (var name in new[] { "vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc" })
        {
            Assert.Contains($"# TYPE {name} gauge\n", response.Body, StringComparison.Ordinal);
            PrometheusText.Value(samples, name, server.ModelName);
        }
        foreach (var name in new[] { "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total" })
        {
            Assert.Contains($"# TYPE {name} counter\n", response.Body, StringComparison.Ordinal);
            PrometheusText.Value(samples, name, server.ModelName);
        }
        Assert.True(PrometheusText.Value(samples, "vllm:generation_tokens_total", server.ModelName) >= 3);
        Assert.True(PrometheusText.Value(samples, "vllm:prompt_tokens_total", server.ModelName) >= 1);
        Assert.True(PrometheusText.Value(samples, "vllm:request_success_total", server.ModelName, ",finished_reason=\"length\"") >= 1);
    }
}

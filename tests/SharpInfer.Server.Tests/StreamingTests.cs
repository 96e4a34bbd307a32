using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Server-sent events read with a raw HttpClient: framing, the role chunk, usage chunks, and text equal to the whole response's.</summary>
public sealed class StreamingTests(StoriesServerFixture stories, QwenServerFixture qwen)
    : IClassFixture<StoriesServerFixture>, IClassFixture<QwenServerFixture>
{
    private const string Prompt = "Once upon a time";
    private const int MaxTokens = 20;

    [Fact]
    public async Task CompletionStreamIsFramedAndMatchesTheWholeResponse()
    {
        var whole = (await Api.PostAsync(stories.Http, "/v1/completions", Requests.GreedyCompletion(Prompt, MaxTokens))).OkJson();
        var body = Requests.GreedyCompletion(Prompt, MaxTokens, stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        var chunks = await Sse.PostAsync(stories.Http, "/v1/completions", body);

        var id = (string?)chunks[0]["id"];
        Assert.StartsWith("cmpl-", id, StringComparison.Ordinal);
        Assert.All(chunks, c =>
        {
            Assert.Equal(id, (string?)c["id"]);
            Assert.Equal("text_completion", (string?)c["object"]);
            Assert.Equal(stories.ModelName, (string?)c["model"]);
        });
        var content = chunks.SkipLast(1).ToList();
        Assert.All(content, c => Assert.Null(c["usage"]));
        Assert.Equal((string?)whole["choices"]![0]!["text"], Sse.Text(content));
        Assert.Equal(["length"], Sse.FinishReasons(content));
        Assert.NotNull(content[^1]["choices"]![0]!["finish_reason"]);

        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(whole["usage"], usage["usage"]), $"{whole["usage"]} vs {usage["usage"]}");
        Assert.Equal(MaxTokens, (int)usage["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task WithoutIncludeUsageNoChunkCarriesUsage()
    {
        var chunks = await Sse.PostAsync(stories.Http, "/v1/completions", Requests.GreedyCompletion(Prompt, 5, stream: true));

        Assert.All(chunks, c => Assert.Null(c["usage"]));
        Assert.All(chunks, c => Assert.Single(c["choices"]!.AsArray()));
    }

    [Fact]
    public async Task ContinuousUsageStatsCountUpToTheTotal()
    {
        var body = Requests.GreedyCompletion(Prompt, 10, stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true, ["continuous_usage_stats"] = true };

        var chunks = await Sse.PostAsync(stories.Http, "/v1/completions", body);

        var counts = chunks.Select(c => (int)c["usage"]!["completion_tokens"]!).ToArray();
        Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First <= p.Second), "completion_tokens must not decrease: " + string.Join(',', counts));
        Assert.Equal(10, counts[^1]);
        Assert.All(chunks, c => Assert.Equal(4, (int)c["usage"]!["prompt_tokens"]!));
    }

    [Fact]
    public async Task NChoicesStreamInterleavedAndEachMatchesTheWholeResponse()
    {
        var request = Requests.GreedyCompletion(Prompt, 12);
        request["n"] = 3;
        var whole = (await Api.PostAsync(stories.Http, "/v1/completions", request)).OkJson();
        request["stream"] = true;

        var chunks = await Sse.PostAsync(stories.Http, "/v1/completions", request);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((string?)whole["choices"]![i]!["text"], Sse.Text(chunks, i));
            Assert.Equal(["length"], Sse.FinishReasons(chunks, i));
        }
    }

    [Fact]
    public async Task ChatStreamStartsWithTheAssistantRoleAndMatchesTheWholeResponse()
    {
        var whole = (await Api.PostAsync(qwen.Http, "/v1/chat/completions", Requests.GreedyChat("Tell me a story.", 12))).OkJson();
        var body = Requests.GreedyChat("Tell me a story.", 12, stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };

        var chunks = await Sse.PostAsync(qwen.Http, "/v1/chat/completions", body);

        Assert.StartsWith("chatcmpl-", (string?)chunks[0]["id"], StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.All(chunks.Skip(1), c => Assert.All(c["choices"]!.AsArray(), choice => Assert.Null(choice!["delta"]!["role"])));
        var content = chunks.SkipLast(1).ToList();
        Assert.Equal((string?)whole["choices"]![0]!["message"]!["content"], Sse.Text(content));
        Assert.Equal(["length"], Sse.FinishReasons(content));
        Assert.Empty(chunks[^1]["choices"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(whole["usage"], chunks[^1]["usage"]), $"{whole["usage"]} vs {chunks[^1]["usage"]}");
    }

    [Fact]
    public async Task StreamIsReadableIncrementally()
    {
        using var response = await Api.PostStreamingAsync(stories.Http, "/v1/completions", Requests.GreedyCompletion(Prompt, 8, stream: true));
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());

        var chunks = await reader.ReadToEndAsync();

        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotEmpty(chunks);
        Assert.Equal(["length"], Sse.FinishReasons(chunks));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Server.Tests;

/// <summary>Temperature 0 over HTTP reproduces the reference fixtures: same tokens, same text, log-probabilities within tolerance.</summary>
public sealed class ReferenceGreedyTests(QwenServerFixture qwen, StoriesServerFixture stories)
    : IClassFixture<QwenServerFixture>, IClassFixture<StoriesServerFixture>
{
    private static readonly string[] Models = ["tiny-qwen2", "stories260K"];

    public static TheoryData<string, int> TextCases() => Cases("text");

    public static TheoryData<string, int> ChatCases() => Cases("chat");

    [Theory]
    [MemberData(nameof(TextCases))]
    public async Task CompletionMatchesTheReference(string model, int index)
    {
        var server = Server(model);
        var reference = ReferenceCase.Load(model)[index];
        var steps = reference.GreedyIds.Length;
        var body = Requests.GreedyCompletion(reference.Prompt!, steps);
        body["logprobs"] = 5;

        var json = (await Api.PostAsync(server.Http, "/v1/completions", body)).OkJson();

        Assert.Equal("text_completion", (string?)json["object"]);
        Assert.Equal(server.ModelName, (string?)json["model"]);
        var choice = json["choices"]!.AsArray().Single()!;
        Assert.Equal(ExpectedText.Continuation(server.Tokenizer, reference.PromptIds, reference.GreedyIds), (string?)choice["text"]);
        Assert.Equal("length", (string?)choice["finish_reason"]);
        AssertUsage(json["usage"], reference.PromptIds.Length, steps);

        var logprobs = choice["logprobs"]!;
        Assert.Equal(steps, logprobs["tokens"]!.AsArray().Count);
        var tokenLogprobs = logprobs["token_logprobs"]!.AsArray();
        var tops = logprobs["top_logprobs"]!.AsArray();
        Assert.Equal(steps, tokenLogprobs.Count);
        Assert.Equal(steps, tops.Count);
        for (var step = 0; step < steps; step++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{reference} step {step}");
            AssertClose(reference.StepTops[step][0].Logprob, (double)tokenLogprobs[step]!, reference.Tolerance, where);
            TopLogprobs.AssertClose(server.Tokenizer, reference.StepTops[step], TopLogprobs.FromCompletion(tops[step]), reference.Tolerance, where);
        }
    }

    [Theory]
    [MemberData(nameof(TextCases))]
    public async Task LogprobTokensSpellTheTextAtTheirOffsets(string model, int index)
    {
        var server = Server(model);
        var reference = ReferenceCase.Load(model)[index];
        var body = Requests.GreedyCompletion(reference.Prompt!, reference.GreedyIds.Length);
        body["logprobs"] = 0;

        var choice = (await Api.PostAsync(server.Http, "/v1/completions", body)).OkJson()["choices"]![0]!;

        // OpenAI's contract (and vLLM's): tokens are the pieces of the text, text_offset[i] is where token i starts in it.
        var text = (string)choice["text"]!;
        var tokens = choice["logprobs"]!["tokens"]!.AsArray().Select(t => (string)t!).ToArray();
        var offsets = choice["logprobs"]!["text_offset"]!.AsArray().Select(o => (int)o!).ToArray();
        Assert.Equal(Pieces(server, reference.PromptIds, reference.GreedyIds), tokens);
        Assert.Equal(text, string.Concat(tokens));
        Assert.Equal(tokens.Select((_, i) => tokens.Take(i).Sum(t => t.Length)), offsets);
    }

    [Theory]
    [MemberData(nameof(TextCases))]
    public async Task EchoReturnsThePromptAndItsLogprobs(string model, int index)
    {
        var server = Server(model);
        var reference = ReferenceCase.Load(model)[index];
        var body = Requests.GreedyCompletion(reference.Prompt!, 2);
        body["logprobs"] = 1;
        body["echo"] = true;

        var json = (await Api.PostAsync(server.Http, "/v1/completions", body)).OkJson();

        var choice = json["choices"]![0]!;
        var generated = ExpectedText.Continuation(server.Tokenizer, reference.PromptIds, reference.GreedyIds[..2]);
        Assert.Equal(server.Tokenizer.Decode(reference.PromptIds) + generated, (string?)choice["text"]);
        var tokenLogprobs = choice["logprobs"]!["token_logprobs"]!.AsArray();
        Assert.Equal(reference.PromptIds.Length + 2, tokenLogprobs.Count);
        Assert.Null(tokenLogprobs[0]);
        for (var j = 0; j < reference.PromptLogprobs.Length; j++)
            AssertClose(reference.PromptLogprobs[j], (double)tokenLogprobs[j + 1]!, reference.Tolerance, $"{reference} prompt token {j + 1}");
    }

    [Theory]
    [MemberData(nameof(ChatCases))]
    public async Task ChatCompletionMatchesTheReference(string model, int index)
    {
        var server = Server(model);
        var reference = ReferenceCase.Load(model)[index];
        var steps = reference.GreedyIds.Length;
        var body = Requests.GreedyChat(reference.Messages!, steps);
        body["logprobs"] = true;
        body["top_logprobs"] = 5;

        var json = (await Api.PostAsync(server.Http, "/v1/chat/completions", body)).OkJson();

        Assert.Equal("chat.completion", (string?)json["object"]);
        var choice = json["choices"]!.AsArray().Single()!;
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal(ExpectedText.Continuation(server.Tokenizer, reference.PromptIds, reference.GreedyIds), (string?)choice["message"]!["content"]);
        Assert.Equal("length", (string?)choice["finish_reason"]);
        AssertUsage(json["usage"], reference.PromptIds.Length, steps);

        var content = choice["logprobs"]!["content"]!.AsArray();
        Assert.Equal(steps, content.Count);
        for (var step = 0; step < steps; step++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{reference} step {step}");
            Assert.Equal(Pieces(server, reference.PromptIds, reference.GreedyIds)[step], (string?)content[step]!["token"]);
            AssertClose(reference.StepTops[step][0].Logprob, (double)content[step]!["logprob"]!, reference.Tolerance, where);
            var top = content[step]!["top_logprobs"]!.AsArray();
            Assert.Equal(5, top.Count);
            TopLogprobs.AssertClose(server.Tokenizer, reference.StepTops[step], TopLogprobs.FromChat(top), reference.Tolerance, where);
        }
    }

    [Theory]
    [MemberData(nameof(ChatCases))]
    public async Task TokenizeRendersMessagesAsTheReference(string model, int index)
    {
        var server = Server(model);
        var reference = ReferenceCase.Load(model)[index];

        var json = (await Api.PostAsync(server.Http, "/tokenize", new JsonObject { ["messages"] = reference.Messages!.DeepClone() })).OkJson();

        Assert.Equal(reference.PromptIds, json["tokens"]!.AsArray().Select(t => (int)t!));
        Assert.Equal(reference.PromptIds.Length, (int)json["count"]!);
    }

    private ServerFixture Server(string model) => model switch
    {
        "tiny-qwen2" => qwen,
        "stories260K" => stories,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, "no server fixture for this model"),
    };

    /// <summary>Each generated token's share of the continuation text (what it adds after the tokens before it).</summary>
    private static string[] Pieces(ServerFixture server, int[] promptIds, int[] generated) =>
        Enumerable.Range(0, generated.Length).Select(i =>
            ExpectedText.Continuation(server.Tokenizer, promptIds, generated[..(i + 1)])[ExpectedText.Continuation(server.Tokenizer, promptIds, generated[..i]).Length..]).ToArray();

    private static TheoryData<string, int> Cases(string kind)
    {
        var data = new TheoryData<string, int>();
        foreach (var model in Models)
        {
            foreach (var c in ReferenceCase.Load(model).Where(c => c.Kind == kind))
                data.Add(model, c.Index);
        }
        return data;
    }

    private static void AssertUsage(JsonNode? usage, int promptTokens, int completionTokens)
    {
        Assert.Equal(promptTokens, (int)usage!["prompt_tokens"]!);
        Assert.Equal(completionTokens, (int)usage["completion_tokens"]!);
        Assert.Equal(promptTokens + completionTokens, (int)usage["total_tokens"]!);
    }

    private static void AssertClose(double expected, double actual, double tolerance, string where) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance, string.Create(CultureInfo.InvariantCulture, $"{where}: logprob {actual} vs reference {expected}"));
}

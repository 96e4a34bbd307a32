using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>/v1/completions features beyond one greedy prompt: prompt lists and ids, n, seeds, logit_bias, echo.</summary>
public sealed class CompletionFeatureTests(StoriesServerFixture server) : IClassFixture<StoriesServerFixture>
{
    private const string Completions = "/v1/completions";

    [Fact]
    public async Task APromptListGivesNChoicesPerPromptInOrder()
    {
        string[] prompts = ["Once upon a time", "Lily and Ben went to the park."];
        var solo = new List<string>();
        foreach (var prompt in prompts)
            solo.Add(await TextAsync(Requests.GreedyCompletion(prompt, 8)));
        var body = Requests.GreedyCompletion("", 8);
        body["prompt"] = new JsonArray(prompts.Select(p => (JsonNode)p).ToArray());
        body["n"] = 2;

        var json = (await Api.PostAsync(server.Http, Completions, body)).OkJson();

        var choices = json["choices"]!.AsArray();
        Assert.Equal(4, choices.Count);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i, (int)choices[i]!["index"]!);
            Assert.Equal(solo[i / 2], (string?)choices[i]!["text"]);
        }
        var promptTokens = prompts.Sum(p => server.Tokenizer.Encode(p).Length);
        Assert.Equal(promptTokens, (int)json["usage"]!["prompt_tokens"]!);
        Assert.Equal(4 * 8, (int)json["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task TokenIdPromptsEqualTheirText()
    {
        const string prompt = "The little dog was sad because";
        var ids = server.Tokenizer.Encode(prompt);
        var body = Requests.GreedyCompletion("", 10);
        body["prompt"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray());
        var nested = Requests.GreedyCompletion("", 10);
        nested["prompt"] = new JsonArray(new JsonArray(ids.Select(id => (JsonNode)id).ToArray()));

        var expected = await TextAsync(Requests.GreedyCompletion(prompt, 10));

        Assert.Equal(expected, await TextAsync(body));
        Assert.Equal(expected, await TextAsync(nested));
    }

    [Fact]
    public async Task AddSpecialTokensPrependsBos()
    {
        var withBos = Requests.GreedyCompletion("Once upon a time", 4);
        withBos["add_special_tokens"] = true;
        var ids = Requests.GreedyCompletion("", 4);
        ids["prompt"] = new JsonArray([1, .. server.Tokenizer.Encode("Once upon a time").Select(id => (JsonNode)id)]);

        var json = (await Api.PostAsync(server.Http, Completions, withBos)).OkJson();

        Assert.Equal(5, (int)json["usage"]!["prompt_tokens"]!);
        Assert.Equal(await TextAsync(ids), (string?)json["choices"]![0]!["text"]);
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameSample()
    {
        JsonObject Sampled(int seed)
        {
            var body = Requests.GreedyCompletion("Once upon a time", 24);
            body["temperature"] = 1.0;
            body["seed"] = seed;
            return body;
        }

        var first = await TextAsync(Sampled(7));
        var again = await TextAsync(Sampled(7));
        var others = new List<string>();
        for (var seed = 8; seed < 12; seed++)
            others.Add(await TextAsync(Sampled(seed)));

        Assert.Equal(first, again);
        Assert.Contains(others, o => o != first);
    }

    [Fact]
    public async Task LogitBiasForcesAToken()
    {
        const int forced = 300;
        var body = Requests.GreedyCompletion("Once upon a time", 5);
        body["logit_bias"] = new JsonObject { [forced.ToString(System.Globalization.CultureInfo.InvariantCulture)] = 100 };

        var text = await TextAsync(body);

        Assert.Equal(ExpectedText.Continuation(server.Tokenizer, server.Tokenizer.Encode("Once upon a time"), Enumerable.Repeat(forced, 5).ToArray()), text);
    }

    [Fact]
    public async Task EchoWithZeroMaxTokensReturnsThePromptAndItsLogprobsOnly()
    {
        const string prompt = "Once upon a time";
        var ids = server.Tokenizer.Encode(prompt);
        var oneToken = Requests.GreedyCompletion(prompt, 1);
        oneToken["echo"] = true;
        oneToken["logprobs"] = 0;
        var scoredWithOne = (await Api.PostAsync(server.Http, Completions, oneToken)).OkJson()["choices"]![0]!["logprobs"]!["token_logprobs"]!.AsArray();
        var body = oneToken.DeepClone().AsObject();
        body["max_tokens"] = 0;

        var choice = (await Api.PostAsync(server.Http, Completions, body)).OkJson()["choices"]![0]!;

        Assert.Equal(prompt, (string?)choice["text"]);
        Assert.Equal("length", (string?)choice["finish_reason"]);
        var logprobs = choice["logprobs"]!["token_logprobs"]!.AsArray();
        Assert.Equal(ids.Length, logprobs.Count);
        Assert.Null(logprobs[0]);
        for (var i = 1; i < ids.Length; i++)
        {
            Assert.True((float)logprobs[i]! < 0);
            Assert.Equal((float)scoredWithOne[i]!, (float)logprobs[i]!);
        }
    }

    [Fact]
    public async Task ZeroMaxTokensWithoutEchoIsRefused()
    {
        var body = Requests.GreedyCompletion("Once upon a time", 0);

        var response = await Api.PostAsync(server.Http, Completions, body);

        response.AssertError(System.Net.HttpStatusCode.BadRequest, "max_tokens");
    }

    [Fact]
    public async Task StreamedEchoEqualsTheWholeEcho()
    {
        var body = Requests.GreedyCompletion("Once upon a time", 6);
        body["echo"] = true;
        var whole = await TextAsync(body);
        body["stream"] = true;

        var chunks = await Sse.PostAsync(server.Http, Completions, body);

        Assert.StartsWith("Once upon a time", whole, StringComparison.Ordinal);
        Assert.Equal(whole, Sse.Text(chunks));
    }

    [Fact]
    public async Task AStopTokenIdEndsTheChoiceAndIsKept()
    {
        // Greedy from BOS: "Once upon a time," — id 432 (",") is the fifth generated token.
        int[] greedy = [403, 407, 261, 378, 432];
        var body = Requests.GreedyCompletion("", 50);
        body["prompt"] = new JsonArray(1);
        body["stop_token_ids"] = new JsonArray(432);

        var json = (await Api.PostAsync(server.Http, Completions, body)).OkJson();

        Assert.Equal("stop", (string?)json["choices"]![0]!["finish_reason"]);
        Assert.Equal(5, (int)json["usage"]!["completion_tokens"]!);
        Assert.Equal(ExpectedText.Continuation(server.Tokenizer, [1], greedy), (string?)json["choices"]![0]!["text"]);
    }

    private async Task<string> TextAsync(JsonObject body)
    {
        var json = (await Api.PostAsync(server.Http, Completions, body)).OkJson();
        return (string)json["choices"]![0]!["text"]!;
    }
}

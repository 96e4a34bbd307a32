using SharpInfer.Cli.Eval;
using SharpInfer.Core;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>Retries on 429/503, and the errors a server without echo or /tokenize gets.</summary>
public sealed class EvalClientTests
{
    private static EvalClient Client(FakeServer server) => new("http://fake:1/v1/", "m", 2, null, TimeSpan.FromMilliseconds(1), server);

    [Fact]
    public async Task BusyAnswersAreRetriedUntilOneSucceeds()
    {
        var server = new FakeServer((_, _, n) => n switch
        {
            1 => (429, """{"error":{"message":"slow down"}}"""),
            2 => (503, "busy"),
            _ => (200, """{"tokens":[5,6],"max_model_len":64}"""),
        });
        using var client = Client(server);

        var tokens = await new ServerTokenizer(client).EncodeAsync("hi", CancellationToken.None);

        Assert.Equal([5, 6], tokens.Ids);
        Assert.Equal(64, tokens.MaxModelLen);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("/tokenize", r.Path));
        Assert.Equal("m", (string?)server.Requests[0].Body["model"]);
        Assert.False((bool)server.Requests[0].Body["add_special_tokens"]!);
    }

    [Fact]
    public async Task AServerThatStaysBusyIsReportedAfterTheLastTry()
    {
        var server = new FakeServer((_, _, _) => (429, """{"error":{"message":"too many requests"}}"""));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<UserErrorException>(() => new ServerTokenizer(client).EncodeAsync("hi", CancellationToken.None));

        Assert.Equal(EvalClient.MaxAttempts, server.Requests.Count);
        Assert.Contains("429: too many requests", error.Message);
    }

    [Fact]
    public async Task ACompletionWithoutPromptLogprobsIsAClearError()
    {
        var server = new FakeServer((path, body, _) => path switch
        {
            "/tokenize" => (200, (string)body["prompt"]! == "Q:" ? """{"tokens":[1,2]}""" : """{"tokens":[1,2,3]}"""),
            _ => (200, """{"choices":[{"index":0,"text":"Q: A","logprobs":null}]}"""),
        });
        using var client = Client(server);
        var scorer = new LoglikelihoodScorer(client, new ServerTokenizer(client), 1234);

        var error = await Assert.ThrowsAsync<UserErrorException>(() => scorer.ScoreAsync("Q:", [" A"], CancellationToken.None));

        Assert.Contains("echo=true and logprobs", error.Message);
        var request = server.Requests.Single(r => r.Path == "/v1/completions").Body;
        Assert.Equal("[[1,2,3]]", request["prompt"]!.ToJsonString());
        Assert.True((bool)request["echo"]!);
        Assert.Equal(0, (int)request["max_tokens"]!);
    }

    [Fact]
    public async Task AServerRefusingZeroMaxTokensIsAskedForOneAndItsTokenIgnored()
    {
        var server = new FakeServer((path, body, _) => path switch
        {
            "/tokenize" => (200, (string)body["prompt"]! == "Q:" ? """{"tokens":[1,2]}""" : """{"tokens":[1,2,3,4]}"""),
            _ when (int)body["max_tokens"]! == 0 => (400, """{"error":{"message":"max_tokens must be at least 1"}}"""),
            _ => (200, """{"choices":[{"index":0,"logprobs":{"token_logprobs":[null,-0.5,-1.25,-2.0,-9.0]}}]}"""),
        });
        using var client = Client(server);
        var scorer = new LoglikelihoodScorer(client, new ServerTokenizer(client), 1234);

        var scored = Assert.Single(await scorer.ScoreAsync("Q:", [" A"], CancellationToken.None));

        Assert.Equal(-3.25, scored.Loglikelihood);
        Assert.Equal(2, scored.ContinuationTokens);
    }

    [Fact]
    public async Task AServerWithoutTokenizeIsAClearError()
    {
        var server = new FakeServer((_, _, _) => (404, """{"error":{"message":"not found"}}"""));
        using var client = Client(server);

        var error = await Assert.ThrowsAsync<UserErrorException>(() => new ServerTokenizer(client).EncodeAsync("hi", CancellationToken.None));

        Assert.Contains("/tokenize is not found", error.Message);
    }
}

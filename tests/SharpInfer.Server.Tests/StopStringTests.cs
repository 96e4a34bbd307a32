using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>
/// Stop strings cut the greedy output before their first occurrence, are never emitted (not even in part,
/// not even when they span chunks) and end the choice with finish_reason "stop".
/// </summary>
public sealed class StopStringTests(StoriesServerFixture server, QwenServerFixture qwen)
    : IClassFixture<StoriesServerFixture>, IClassFixture<QwenServerFixture>
{
    private const string Prompt = "Lily and Ben went to the park.";
    private const int MaxTokens = 40;
    private const string Question = "What is 2+2?";

    [Theory]
    [InlineData(StopPlacement.InsideOneChunk)]
    [InlineData(StopPlacement.AcrossTwoChunks)]
    [InlineData(StopPlacement.AcrossThreeChunks)]
    [InlineData(StopPlacement.WholeChunk)]
    public async Task AStopStringTruncatesTheTextBeforeIt(StopPlacement placement)
    {
        var pieces = await GreedyPiecesAsync();
        var full = string.Concat(pieces);
        var stop = Choose(pieces, placement);
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        var body = Requests.GreedyCompletion(Prompt, MaxTokens, stream: true);
        body["stop"] = stop;
        var streamed = await Sse.PostAsync(server.Http, "/v1/completions", body);
        body["stream"] = false;
        var whole = (await Api.PostAsync(server.Http, "/v1/completions", body)).OkJson();

        Assert.Equal(expected, Sse.Text(streamed));
        Assert.Equal(["stop"], Sse.FinishReasons(streamed));
        Assert.Equal(expected, (string?)whole["choices"]![0]!["text"]);
        Assert.Equal("stop", (string?)whole["choices"]![0]!["finish_reason"]);
        Assert.True((int)whole["usage"]!["completion_tokens"]! < MaxTokens);
    }

    [Fact]
    public async Task TheEarliestOfSeveralStopStringsWinsAndAbsentOnesAreIgnored()
    {
        var pieces = await GreedyPiecesAsync();
        var full = string.Concat(pieces);
        var early = Choose(pieces, StopPlacement.InsideOneChunk);
        var late = pieces[^2];
        var expected = full[..Math.Min(full.IndexOf(early, StringComparison.Ordinal), full.IndexOf(late, StringComparison.Ordinal))];

        var body = Requests.GreedyCompletion(Prompt, MaxTokens, stream: true);
        body["stop"] = new JsonArray("never appears \u2603", late, early);
        var streamed = await Sse.PostAsync(server.Http, "/v1/completions", body);

        Assert.Equal(expected, Sse.Text(streamed));
        Assert.Equal(["stop"], Sse.FinishReasons(streamed));
    }

    [Fact]
    public async Task AStopStringThatNeverAppearsChangesNothing()
    {
        var pieces = await GreedyPiecesAsync();

        var body = Requests.GreedyCompletion(Prompt, MaxTokens, stream: true);
        body["stop"] = pieces[3] + "\u2603"; // its prefix appears, so text is held back, then released
        var streamed = await Sse.PostAsync(server.Http, "/v1/completions", body);

        Assert.Equal(string.Concat(pieces), Sse.Text(streamed));
        Assert.Equal(["length"], Sse.FinishReasons(streamed));
    }

    [Fact]
    public async Task AChatStopStringSpanningChunksIsNeverEmitted()
    {
        // tiny-qwen2's random weights answer every chat with "\n" tokens, one per chunk: "\n\n\n" ends at the third.
        var plain = await Sse.PostAsync(qwen.Http, "/v1/chat/completions", Requests.GreedyChat(Question, 8, stream: true));
        Assert.Equal("\n\n\n\n\n\n\n\n", Sse.Text(plain));

        var body = Requests.GreedyChat(Question, 8, stream: true);
        body["stop"] = new JsonArray("\n\n\n");
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        var streamed = await Sse.PostAsync(qwen.Http, "/v1/chat/completions", body);

        Assert.Equal("assistant", (string?)streamed[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Equal("", Sse.Text(streamed));
        Assert.Equal(["stop"], Sse.FinishReasons(streamed));
        Assert.Equal(3, (int)streamed[^1]["usage"]!["completion_tokens"]!);
    }

    /// <summary>The greedy output's streamed pieces (one per chunk with text), without any stop string.</summary>
    private async Task<IReadOnlyList<string>> GreedyPiecesAsync()
    {
        var chunks = await Sse.PostAsync(server.Http, "/v1/completions", Requests.GreedyCompletion(Prompt, MaxTokens, stream: true));
        var pieces = chunks.Select(c => (string)c["choices"]![0]!["text"]!).Where(t => t.Length > 0).ToList();
        Assert.True(pieces.Count >= 10, "expected the output in many chunks");
        return pieces;
    }

    /// <summary>
    /// A stop string placed in the output as asked, searched after the first few pieces. Its first occurrence
    /// decides the expected text, so repeats earlier in the output are handled too.
    /// </summary>
    private static string Choose(IReadOnlyList<string> pieces, StopPlacement placement)
    {
        for (var k = Math.Min(4, pieces.Count / 3); k + 2 < pieces.Count; k++)
        {
            var (a, b, c) = (pieces[k], pieces[k + 1], pieces[k + 2]);
            string? stop = placement switch
            {
                StopPlacement.InsideOneChunk when a.Length >= 3 => a[1..^1],
                StopPlacement.AcrossTwoChunks when a.Length >= 2 && b.Length >= 2 => a[^2..] + b[..2],
                StopPlacement.AcrossThreeChunks when a.Length >= 1 && c.Length >= 1 => a[^1..] + b + c[..1],
                StopPlacement.WholeChunk when a.Trim().Length > 0 => a,
                _ => null,
            };
            if (stop is not null && stop.Trim().Length > 0)
                return stop;
        }
        throw new InvalidOperationException("no piece fits: " + string.Join('|', pieces));
    }
}

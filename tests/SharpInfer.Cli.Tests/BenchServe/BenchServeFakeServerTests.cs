using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SharpInfer.Tests;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>
/// <c>bench serve</c> against scripted servers: timing is what the wire shows (TTFT to the first content chunk,
/// ITL between chunks), failures of every kind are counted with their text, and token counts fall back to the
/// tokenizer when the server sends no usage.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class BenchServeFakeServerTests : IDisposable
{
    private const double FirstDelay = 0.4, Gap = 0.2;
    private readonly BenchRun _bench = new();

    public void Dispose() => _bench.Dispose();

    private static string[] Args(FakeSseServer server, int prompts, params string[] extra) =>
    [
        "--base-url", server.BaseUrl, "--tokenizer", SharedData.Model("stories260K"), "--random-input-len", "8", "--random-output-len", "5",
        "--num-prompts", prompts.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra,
    ];

    [Fact]
    public async Task TtftAndItlAreTheChunkTimesOnTheWire()
    {
        var sent = new ConcurrentDictionary<int, List<double>>();
        // One clock for all requests: when each request's first chunk left and when its stream ended.
        var wall = Stopwatch.StartNew();
        var firstSentAt = new ConcurrentDictionary<int, double>();
        var doneAt = new ConcurrentDictionary<int, double>();
        await using var server = await FakeSseServer.StartAsync(async (index, http) =>
        {
            var clock = Stopwatch.StartNew();
            var times = sent.GetOrAdd(index, _ => []);
            await FakeSseServer.BeginAsync(http);
            await Task.Delay(TimeSpan.FromSeconds(FirstDelay));
            for (var i = 0; i < 5; i++)
            {
                if (i > 0)
                    await Task.Delay(TimeSpan.FromSeconds(Gap));
                times.Add(clock.Elapsed.TotalSeconds);
                firstSentAt.TryAdd(index, wall.Elapsed.TotalSeconds);
                await FakeSseServer.TextAsync(http, " tok");
            }
            // A finish chunk with no text and the usage chunk are not content: they add no ITL.
            await FakeSseServer.DataAsync(http, """{"choices":[{"index":0,"text":"","finish_reason":"length"}]}""");
            await FakeSseServer.UsageAsync(http, 8, 5);
            await FakeSseServer.DoneAsync(http);
            doneAt[index] = wall.Elapsed.TotalSeconds;
        });

        var (result, json) = await _bench.ServeAsync(Args(server, 2, "--max-concurrency", "1", "--percentile-metrics", "ttft,tpot,itl,e2el", "--warmup", "1"));

        Assert.Equal(2, (int)json["completed"]!);
        for (var r = 0; r < 2; r++)
        {
            var serverTimes = sent[r + 1]; // request 0 was the warm-up (it also opened the connection)
            var ttft = (double)json["ttfts"]![r]!;
            // The client's clock starts before the request is sent, so it sees at least the server's delay; it starts after
            // the previous stream ended (one request at a time), so at most from then to the first chunk, plus loopback time.
            // (On a loaded machine the request can wait a second before the server's handler runs.)
            Assert.InRange(ttft, serverTimes[0] - 0.002, firstSentAt[r + 1] - doneAt[r] + 0.25);
            // Task.Delay counts on a coarse clock (Linux: a few-ms tick) and has ended ~6 ms early by the Stopwatch, so the
            // nominal delay is a lower bound only within a couple of ticks; the server's own clock above is the exact one.
            Assert.True(ttft >= FirstDelay - 0.02, $"TTFT {ttft} s is shorter than the server's first delay");
            var itls = json["itls"]![r]!.AsArray().Select(g => (double)g!).ToArray();
            Assert.Equal(4, itls.Length);
            for (var i = 0; i < 4; i++)
            {
                Assert.InRange(itls[i], serverTimes[i + 1] - serverTimes[i] - 0.1, serverTimes[i + 1] - serverTimes[i] + 0.1);
            }
            // Single gaps jitter with scheduling; together they span the server's four delays as the server timed them
            // (a loaded machine stretches the delays themselves, so the nominal gap is only a lower bound).
            Assert.InRange(itls.Sum(), serverTimes[4] - serverTimes[0] - 0.06, serverTimes[4] - serverTimes[0] + 0.1);
            Assert.True(itls.Sum() >= 4 * Gap - 0.06, $"ITLs sum to {itls.Sum()} s, less than the server's four gaps");
            var e2el = (double)json["e2els"]![r]!;
            Assert.InRange(e2el, ttft + itls.Sum(), ttft + itls.Sum() + 0.25);
        }
        Assert.Equal([5, 5], json["output_lens"]!.AsArray().Select(n => (int)n!));
        Assert.Equal([8, 8], json["input_lens"]!.AsArray().Select(n => (int)n!));
        var expectedTpot = Enumerable.Range(0, 2).Average(r => ((double)json["e2els"]![r]! - (double)json["ttfts"]![r]!) / 4) * 1000;
        Assert.Equal(expectedTpot, (double)json["mean_tpot_ms"]!, tolerance: 1e-9); // a tolerance, not rounding: digits can straddle a rounding boundary
        Assert.Equal(" tok tok tok tok tok", (string)json["generated_texts"]![0]!);
        Assert.Contains("Mean TTFT (ms):", result.Stdout);
        Assert.Contains("FirstTokenTime", result.Stdout);
    }

    [Fact]
    public async Task HttpErrorsResetsAndTruncatedStreamsAreFailuresWithTheirText()
    {
        await using var server = await FakeSseServer.StartAsync(async (index, http) =>
        {
            switch (index % 4)
            {
                case 0:
                    http.Response.StatusCode = 500;
                    await http.Response.WriteAsync("""{"error":{"message":"engine exploded"}}""");
                    return;
                case 1:
                    await FakeSseServer.BeginAsync(http);
                    await FakeSseServer.TextAsync(http, " a");
                    http.Abort(); // connection reset mid-stream
                    return;
                case 2:
                    await FakeSseServer.BeginAsync(http);
                    await FakeSseServer.TextAsync(http, " a"); // ends cleanly but without [DONE]
                    return;
                default:
                    await FakeSseServer.BeginAsync(http);
                    await FakeSseServer.TextAsync(http, " a");
                    await FakeSseServer.UsageAsync(http, 8, 1);
                    await FakeSseServer.DoneAsync(http);
                    return;
            }
        });

        var (result, json) = await _bench.ServeAsync(Args(server, 8, "--max-concurrency", "1"));

        Assert.Equal(2, (int)json["completed"]!);
        Assert.Equal(6, (int)json["failed"]!);
        var errors = json["errors"]!.AsArray().Select(e => (string)e!).ToArray();
        Assert.Equal(8, errors.Length);
        for (var i = 0; i < 8; i++)
        {
            switch (i % 4)
            {
                case 0: Assert.Contains("HTTP 500", errors[i]); Assert.Contains("engine exploded", errors[i]); break;
                case 1: Assert.NotEqual("", errors[i]); break;
                case 2: Assert.Contains("without 'data: [DONE]'", errors[i]); break;
                default: Assert.Equal("", errors[i]); break;
            }
        }
        // Failed requests count no tokens, and the summary names the errors.
        Assert.Equal(2, (int)json["total_output_tokens"]!);
        Assert.Contains("Failed requests:                         6", result.Stdout);
        Assert.Contains("engine exploded", result.Stdout);
    }

    [Fact]
    public async Task WithoutUsageTheTokenizerCountsTheOutput()
    {
        JsonNode? body = null;
        await using var server = await FakeSseServer.StartAsync(async (index, http) =>
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
            await FakeSseServer.BeginAsync(http);
            await FakeSseServer.TextAsync(http, "Once upon");
            await FakeSseServer.TextAsync(http, " a time there was");
            await FakeSseServer.DoneAsync(http);
        });

        var (_, json) = await _bench.ServeAsync(Args(server, 1, "--ignore-eos", "--model", "some-model"));

        var tokenizer = Tokenizer.FromDirectory(SharedData.Model("stories260K"));
        Assert.Equal(tokenizer.Encode("Once upon a time there was").Length, (int)json["output_lens"]![0]!);
        // Without usage the input length is the benchmark's own count: exactly the random input length.
        Assert.Equal(8, (int)json["input_lens"]![0]!);
        Assert.Equal("some-model", (string)body!["model"]!);
        Assert.Equal(5, (int)body["max_tokens"]!);
        Assert.True((bool)body["stream"]!);
        Assert.True((bool)body["stream_options"]!["include_usage"]!);
        Assert.True((bool)body["ignore_eos"]!);
        Assert.Equal(8, tokenizer.Encode((string)body["prompt"]!).Length);
    }

    [Fact]
    public async Task ChatEndpointReadsDeltaContentAndAsksTheServerForItsModel()
    {
        JsonNode? body = null;
        await using var server = await FakeSseServer.StartAsync(async (index, http) =>
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
            await FakeSseServer.BeginAsync(http);
            // The role-only first chunk carries no content: TTFT waits for the text.
            await FakeSseServer.DataAsync(http, """{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""");
            await Task.Delay(200);
            await FakeSseServer.DataAsync(http, """{"choices":[{"index":0,"delta":{"content":"Hi"}}]}""");
            await FakeSseServer.DataAsync(http, """{"choices":[{"index":0,"delta":{"content":" there"}}]}""");
            await FakeSseServer.UsageAsync(http, 20, 2);
            await FakeSseServer.DoneAsync(http);
        });

        var (_, json) = await _bench.ServeAsync(Args(server, 1, "--endpoint", "/v1/chat/completions"));

        Assert.Equal("fake-model", (string)json["model_id"]!);
        Assert.Equal("openai-chat", (string)json["backend"]!);
        Assert.Equal("Hi there", (string)json["generated_texts"]![0]!);
        Assert.True((double)json["ttfts"]![0]! >= 0.195);
        Assert.Single(json["itls"]![0]!.AsArray());
        Assert.Equal("user", (string)body!["messages"]![0]!["role"]!);
        Assert.Equal(5, (int)body["max_completion_tokens"]!);
    }
}

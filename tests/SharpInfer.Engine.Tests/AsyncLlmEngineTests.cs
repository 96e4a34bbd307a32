using SharpInfer.Core;

namespace SharpInfer.Engine.Tests;

public sealed class AsyncLlmEngineTests
{
    private static EngineRequest Greedy(string id, int[] prompt, int maxTokens) =>
        new(id, prompt, new SamplingParams { Temperature = 0, MaxTokens = maxTokens, IgnoreEos = true, Logprobs = 1 });

    [Fact]
    public async Task ConcurrentStreamsMatchOfflineGeneration()
    {
        var requests = Enumerable.Range(0, 8).Select(i => Greedy($"r{i}", [1, .. Enumerable.Range(300, i + 1)], 5 + i)).ToArray();
        var offline = TestEngines.Create("stories260K").Generate(requests);
        await using var engine = new AsyncLlmEngine(TestEngines.Create("stories260K"));

        var streamed = await Task.WhenAll(requests.Select(async r =>
        {
            var result = new CompletionResult(r.RequestId, 0);
            await foreach (var output in engine.Submit(r))
                result.Add(output);
            return result;
        }));

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(offline[i].TokenIds, streamed[i].TokenIds);
            Assert.Equal(FinishReason.Length, streamed[i].FinishReason);
            Assert.NotNull(streamed[i].Times!.FirstToken);
        }
        var metrics = engine.Metrics;
        Assert.Equal(requests.Sum(r => r.Sampling.MaxTokens), metrics.GenerationTokens);
        Assert.Equal(0, metrics.NumRunning);
    }

    [Fact]
    public async Task CancellingAStreamAbortsTheRequestAndFreesItsBlocks()
    {
        // Long enough (~4000 tokens of tiny-qwen2, a second or more) that the request cannot finish on its own
        // between the third output and the cancellation, however the machine schedules the two threads.
        await using var engine = new AsyncLlmEngine(TestEngines.Create("tiny-qwen2", numBlocks: 256));
        using var cancel = new CancellationTokenSource();
        var outputs = new List<RequestOutput>();

        await foreach (var output in engine.Submit(Greedy("long", [1, 403], 4000), cancel.Token))
        {
            outputs.Add(output);
            if (outputs.Count == 3)
                await cancel.CancelAsync();
        }

        Assert.Equal(FinishReason.Abort, outputs[^1].FinishReason);
        Assert.True(outputs.Count < 4000);
        await WaitUntil(() => engine.Metrics.KvCacheUsage == 0);
    }

    [Fact]
    public async Task StoppingToReadAbortsTheRequest()
    {
        await using var engine = new AsyncLlmEngine(TestEngines.Create("stories260K"));
        await foreach (var _ in engine.Submit(Greedy("early-exit", [1, 403], 500)))
            break;
        await WaitUntil(() => engine.Metrics is { NumRunning: 0, NumWaiting: 0, KvCacheUsage: 0 });
    }

    [Fact]
    public async Task InvalidRequestsFailTheirStreamWithTheReason()
    {
        await using var engine = new AsyncLlmEngine(TestEngines.Create("stories260K"));
        var error = await Assert.ThrowsAsync<UserErrorException>(async () =>
        {
            await foreach (var _ in engine.Submit(Greedy("bad", [1, 100_000], 3)))
            {
            }
        });
        Assert.Contains("outside the vocabulary", error.Message);

        // The engine keeps serving.
        var count = 0;
        await foreach (var _ in engine.Submit(Greedy("good", [1], 3)))
            count++;
        Assert.Equal(3, count);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}

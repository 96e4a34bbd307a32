namespace SharpInfer.Engine.Tests;

/// <summary>
/// 10,000 random submit / step / abort operations against a small pool (so prefix hits, chunked prefill,
/// preemption and eviction all happen), then a drain. Nothing may be lost: every completion finishes exactly
/// once, unaborted ones produce exactly their solo tokens, and every block ends free.
/// </summary>
public sealed class SchedulerPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RandomOperationsLoseNothingAndFreeEveryBlock(int seed)
    {
        var random = new Random(seed);
        var (engine, runner) = FakeEngine.Create(numBlocks: 24, blockSize: 4, c => c with { MaxNumBatchedTokens = 16, MaxNumSeqs = 8 });
        var bases = Enumerable.Range(0, 3).Select(i => FakeEngine.Prompt(24, seed: i)).ToArray();
        var requests = new Dictionary<string, (int[] Prompt, int MaxTokens, int N)>();
        var results = new Dictionary<(string, int), CompletionResult>();
        var aborted = new HashSet<string>();

        void Collect(IEnumerable<RequestOutput> outputs)
        {
            foreach (var output in outputs)
            {
                var result = results[(output.RequestId, output.Index)];
                Assert.Null(result.FinishReason); // nothing arrives after a completion finished
                result.Add(output);
            }
        }

        for (var op = 0; op < 10_000; op++)
        {
            var roll = random.NextDouble();
            if (roll < 0.35)
            {
                var id = $"r{op}";
                var prompt = bases[random.Next(bases.Length)][..random.Next(1, 25)].Concat(FakeEngine.Prompt(random.Next(0, 16), seed: op)).ToArray();
                var maxTokens = random.Next(1, 21);
                var n = random.Next(10) == 0 ? 2 : 1;
                engine.AddRequest(FakeEngine.Request(id, prompt, maxTokens, n, priority: 0));
                requests[id] = (prompt, maxTokens, n);
                for (var i = 0; i < n; i++)
                    results[(id, i)] = new CompletionResult(id, i);
            }
            else if (roll < 0.9)
            {
                Collect(engine.Step());
            }
            else if (requests.Count > 0)
            {
                var id = requests.Keys.ElementAt(random.Next(requests.Count));
                if (aborted.Add(id))
                    Collect(engine.Abort(id));
            }
        }
        for (var guard = 0; engine.HasUnfinishedRequests; guard++)
        {
            Assert.True(guard < 100_000, "the engine stopped making progress");
            Collect(engine.Step());
        }

        foreach (var ((id, index), result) in results)
        {
            var (prompt, maxTokens, _) = requests[id];
            var solo = FakeEngine.SoloOutput(prompt, maxTokens);
            Assert.NotNull(result.FinishReason);
            if (result.FinishReason == FinishReason.Abort)
                Assert.Equal(solo[..result.TokenIds.Count], result.TokenIds);
            else
                Assert.True(solo.SequenceEqual(result.TokenIds), $"{id}#{index}: [{string.Join(',', result.TokenIds)}] vs solo [{string.Join(',', solo)}]");
        }
        Assert.Equal(engine.NumKvBlocks, engine.KvCache.NumFreeBlocks);
        Assert.All(engine.KvCache.Pool.Blocks, b => Assert.Equal(0, b.RefCount));
        Assert.Equal(0, engine.Metrics.NumRunning + engine.Metrics.NumWaiting);
        Assert.True(engine.Metrics.Preemptions > 0 && engine.Metrics.PrefixCacheHitTokens > 0 && engine.Metrics.KvBlockEvictions > 0,
            $"the run should exercise preemption, prefix hits and eviction: {engine.Metrics}");
        Assert.True(runner.BatchedTokensPerStep.Max() <= 16);
    }
}

using SharpInfer.Core;
using SharpInfer.Engine.Scheduling;
using SharpInfer.Tests;

namespace SharpInfer.Engine.Tests;

/// <summary>Scheduling and KV bookkeeping with the weightless <see cref="FakeModelRunner"/>.</summary>
public sealed class SchedulerTests
{
    [Fact]
    public void BlocksAreAllocatedAsTheSequenceGrows()
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 8, blockSize: 4);
        engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(10), maxTokens: 5));

        engine.Step(); // prefill: 10 tokens → 3 blocks
        var sequence = engine.Scheduler.Running.Single();
        Assert.Equal(3, sequence.Blocks.Count);
        engine.Step(); // token 11 is computed; 12 fits block 3
        engine.Step(); // token 12
        Assert.Equal(3, sequence.Blocks.Count);
        engine.Step(); // token 13 needs a 4th block
        Assert.Equal(4, sequence.Blocks.Count);
        while (engine.HasUnfinishedRequests)
            engine.Step();
        Assert.Equal(8, engine.KvCache.NumFreeBlocks);
    }

    [Fact]
    public void PrefixHitsAreCountedInTokensAndLeaveTheLastTokenToCompute()
    {
        var (engine, runner) = FakeEngine.Create(numBlocks: 16, blockSize: 4);
        var prompt = FakeEngine.Prompt(12);
        var first = engine.Generate([FakeEngine.Request("a", prompt)])[0];

        // Same first 10 tokens: two full blocks (8 tokens) are reused.
        var sharing = prompt[..10].Concat([3, 4]).ToArray();
        var second = engine.Generate([FakeEngine.Request("b", sharing)])[0];
        // Identical prompt: at most (12 - 1) / 4 = 2 blocks, so the last block is computed again.
        var same = engine.Generate([FakeEngine.Request("c", prompt)])[0];

        Assert.Equal(0, first.NumCachedTokens);
        Assert.Equal(8, second.NumCachedTokens);
        Assert.Equal(8, same.NumCachedTokens);
        Assert.Equal(FakeEngine.SoloOutput(sharing, 4), second.TokenIds);
        Assert.Equal(first.TokenIds, same.TokenIds);
        Assert.Equal(36, engine.Metrics.PrefixCacheQueryTokens);
        Assert.Equal(16, engine.Metrics.PrefixCacheHitTokens);
        Assert.Equal(4, runner.BatchedTokensPerStep[^4]); // the "c" prefill computed only its last block
    }

    [Theory]
    [InlineData(20, 4)] // b takes 5 of 6 blocks: a's tail goes first, its head block survives
    [InlineData(21, 0)] // b takes all 6 blocks: nothing of a survives
    public void FreeCachedBlocksAreEvictedLeastRecentlyFreedFirst(int otherPromptLength, int expectedHit)
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 6, blockSize: 4);
        var a = FakeEngine.Prompt(9, seed: 1);
        engine.Generate([FakeEngine.Request("a", a, maxTokens: 1)]);
        engine.Generate([FakeEngine.Request("b", FakeEngine.Prompt(otherPromptLength, seed: 2), maxTokens: 1)]);
        var evictedByB = engine.Metrics.KvBlockEvictions;
        var again = engine.Generate([FakeEngine.Request("a2", a, maxTokens: 1)])[0];

        Assert.Equal(expectedHit, again.NumCachedTokens);
        Assert.Equal(2 - expectedHit / 4, evictedByB); // of a's two cached full blocks
        Assert.Equal(6, engine.KvCache.NumFreeBlocks);
    }

    [Fact]
    public void PreemptedSequencesResumeAndProduceTheirSoloTokens()
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 6, blockSize: 4, c => c with { EnablePrefixCaching = false });
        var prompts = new[] { FakeEngine.Prompt(6, 1), FakeEngine.Prompt(7, 2), FakeEngine.Prompt(5, 3) };

        var results = engine.Generate(prompts.Select((p, i) => FakeEngine.Request($"r{i}", p, maxTokens: 12)));

        Assert.True(engine.Metrics.Preemptions > 0);
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(FakeEngine.SoloOutput(prompts[i], 12), results[i].TokenIds);
            Assert.Equal(FinishReason.Length, results[i].FinishReason);
        }
        Assert.Equal(6, engine.KvCache.NumFreeBlocks);
    }

    [Fact]
    public void PreemptCountCapMakesSequencesWaitInsteadButNeverStalls()
    {
        var prompts = new[] { FakeEngine.Prompt(6, 1), FakeEngine.Prompt(7, 2), FakeEngine.Prompt(5, 3) };
        long Run(int cap, out IReadOnlyList<CompletionResult> results)
        {
            var (engine, _) = FakeEngine.Create(numBlocks: 6, blockSize: 4, c => c with { EnablePrefixCaching = false, MaxPreemptCount = cap });
            results = engine.Generate(prompts.Select((p, i) => FakeEngine.Request($"r{i}", p, maxTokens: 12)));
            return engine.Metrics.Preemptions;
        }

        var capped = Run(0, out var results);

        Assert.True(capped > 0); // with every sequence blocked, one preemption is still allowed
        for (var i = 0; i < prompts.Length; i++)
            Assert.Equal(FakeEngine.SoloOutput(prompts[i], 12), results[i].TokenIds);
    }

    [Fact]
    public void AbortFreesBlocksAtOnce()
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 8, blockSize: 4);
        engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(10), maxTokens: 20));
        engine.AddRequest(FakeEngine.Request("b", FakeEngine.Prompt(3, 5), maxTokens: 20));
        engine.Step();
        Assert.True(engine.KvCache.NumFreeBlocks < 8);

        var aborted = engine.Abort("a");
        var abortedWaiting = engine.Abort("b");

        Assert.Equal(FinishReason.Abort, Assert.Single(aborted).FinishReason);
        Assert.Equal(FinishReason.Abort, Assert.Single(abortedWaiting).FinishReason);
        Assert.Equal(8, engine.KvCache.NumFreeBlocks);
        Assert.False(engine.HasUnfinishedRequests);
        Assert.Empty(engine.Abort("a"));
    }

    [Fact]
    public void LongPromptsArePrefilledInChunksOfTheTokenBudget()
    {
        var (engine, runner) = FakeEngine.Create(numBlocks: 8, blockSize: 4, c => c with { MaxNumBatchedTokens = 5 });
        engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(12), maxTokens: 2));

        Assert.Empty(engine.Step());
        Assert.Empty(engine.Step());
        var first = Assert.Single(engine.Step());

        Assert.Equal([5, 5, 2], runner.BatchedTokensPerStep);
        Assert.Equal(FakeEngine.SoloOutput(FakeEngine.Prompt(12), 1), first.NewTokenIds);
    }

    [Fact]
    public void WithoutChunkedPrefillTheBudgetMustHoldAWholePrompt()
    {
        var error = Assert.Throws<UserErrorException>(() =>
            FakeEngine.Create(numBlocks: 8, blockSize: 4, c => c with { MaxNumBatchedTokens = 5, EnableChunkedPrefill = false }));
        Assert.Contains("max-num-batched-tokens", error.Message);
    }

    [Fact]
    public void RunningSequencesAreServedBeforeWaitingOnes()
    {
        var (engine, runner) = FakeEngine.Create(numBlocks: 16, blockSize: 4, c => c with { MaxNumBatchedTokens = 6 });
        engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(4), maxTokens: 5));
        engine.Step(); // a's prompt
        engine.AddRequest(FakeEngine.Request("b", FakeEngine.Prompt(12, 3), maxTokens: 1));
        engine.Step(); // a decodes 1 token, b gets the remaining 5 of the budget

        Assert.Equal(6, runner.BatchedTokensPerStep[1]);
        Assert.Equal(5, engine.Scheduler.Running.Single(s => s.Request.RequestId == "b").NumComputedTokens);
    }

    [Fact]
    public void PriorityPolicyAdmitsLowerValuesFirst()
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 16, blockSize: 4, c => c with { Policy = SchedulingPolicy.Priority, MaxNumSeqs = 1 });
        engine.AddRequest(FakeEngine.Request("late-low", FakeEngine.Prompt(3), maxTokens: 1, priority: 5));
        engine.AddRequest(FakeEngine.Request("urgent", FakeEngine.Prompt(3, 1), maxTokens: 1, priority: -1));

        Assert.Equal("urgent", Assert.Single(engine.Step()).RequestId);
        Assert.Equal("late-low", Assert.Single(engine.Step()).RequestId);
    }

    [Fact]
    public void QueueDelayHoldsALonePrefillForCompanions()
    {
        var clock = new ManualClock();
        var (engine, runner) = FakeEngine.Create(numBlocks: 16, blockSize: 4,
            c => c with { MaxQueueDelay = TimeSpan.FromMilliseconds(10), MaxPrefillBatchSize = 2 }, time: clock);
        engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(3), maxTokens: 1));

        Assert.Empty(engine.Step());
        Assert.Equal(0, runner.Steps);
        clock.Advance(TimeSpan.FromMilliseconds(11));
        Assert.Single(engine.Step());

        engine.AddRequest(FakeEngine.Request("b", FakeEngine.Prompt(3, 1), maxTokens: 1));
        engine.AddRequest(FakeEngine.Request("c", FakeEngine.Prompt(3, 2), maxTokens: 1));
        Assert.Equal(2, engine.Step().Count); // a full prefill batch does not wait
    }

    [Fact]
    public void SiblingsShareThePromptsFullBlocks()
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 16, blockSize: 4);
        engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(10), maxTokens: 3, n: 3));
        engine.Step();

        var siblings = engine.Scheduler.Running.ToArray();
        Assert.Equal(3, siblings.Length);
        Assert.All(siblings, s => Assert.Same(siblings[0].Blocks[0], s.Blocks[0]));
        Assert.All(siblings, s => Assert.Same(siblings[0].Blocks[1], s.Blocks[1]));
        Assert.Equal(16, engine.Metrics.PrefixCacheHitTokens);
        Assert.Equal(16 - 2 - 3, engine.KvCache.NumFreeBlocks); // 2 shared + 1 own tail block each
    }

    [Fact]
    public void EosStopsAfterMinTokensAndLengthStopsAtMaxTokens()
    {
        var prompt = FakeEngine.Prompt(5);
        var solo = FakeEngine.SoloOutput(prompt, 8);
        var (engine, _) = FakeEngine.Create(eosIds: [solo[2]]);

        var stopped = engine.Generate([FakeEngine.Request("a", prompt, maxTokens: 8)])[0];
        var ignoring = engine.Generate([FakeEngine.Request("b", prompt, maxTokens: 8) with
        {
            Sampling = new SamplingParams { Temperature = 0, MaxTokens = 8, IgnoreEos = true },
        }])[0];

        Assert.Equal(solo[..3], stopped.TokenIds);
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.Equal(solo, ignoring.TokenIds);
        Assert.Equal(FinishReason.Length, ignoring.FinishReason);
    }

    [Fact]
    public void BadRequestsAreRejectedWithClearErrors()
    {
        var (engine, _) = FakeEngine.Create(numBlocks: 4, blockSize: 4);
        Assert.Contains("max-model-len", Assert.Throws<UserErrorException>(() => engine.AddRequest(FakeEngine.Request("a", FakeEngine.Prompt(16)))).Message);
        Assert.Contains("empty", Assert.Throws<UserErrorException>(() => engine.AddRequest(FakeEngine.Request("b", []))).Message);
        Assert.Contains("outside the vocabulary", Assert.Throws<UserErrorException>(() => engine.AddRequest(FakeEngine.Request("c", [1, 999]))).Message);
        engine.AddRequest(FakeEngine.Request("d", [1]));
        Assert.Contains("already in use", Assert.Throws<UserErrorException>(() => engine.AddRequest(FakeEngine.Request("d", [1]))).Message);
    }
}

using SharpInfer.Core;

namespace SharpInfer.Engine.Tests;

/// <summary>
/// The product guarantee: a request's tokens and log-probabilities are bitwise the same whether it runs
/// alone or among 15 others — with shared prefixes (cache hits), a token budget small enough to chunk
/// prefills, or a KV pool small enough to force preemption.
/// </summary>
public sealed class BatchInvarianceTests
{
    public enum Scenario
    {
        Concurrent,
        SharedPrefixes,
        ChunkedPrefill,
        Preemption,
    }

    public static TheoryData<string, Scenario, DType> Cases()
    {
        var data = new TheoryData<string, Scenario, DType>();
        foreach (var model in new[] { "stories260K", "tiny-qwen2", "tiny-deepseek-v3", "tiny-deepseek-v2-lite" })
            foreach (var scenario in Enum.GetValues<Scenario>())
                data.Add(model, scenario, DType.F32);
        foreach (var dtype in new[] { DType.F16, DType.BF16 })
        {
            data.Add("tiny-qwen2", Scenario.SharedPrefixes, dtype);
            data.Add("tiny-qwen2", Scenario.ChunkedPrefill, dtype);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SixteenRequestsGetTheirSoloOutputs(string model, Scenario scenario, DType kvCacheDType)
    {
        var requests = Requests(model, scenario);
        var solo = requests.Select(r => TestEngines.Create(model, numBlocks: 16, blockSize: 4, c => c with { EnablePrefixCaching = false, KvCacheDType = kvCacheDType })
            .Generate([r]).Single()).ToArray();

        var engine = TestEngines.Create(model, numBlocks: scenario == Scenario.Preemption ? 24 : 256, blockSize: 4, c => scenario switch
        {
            Scenario.ChunkedPrefill => c with { MaxNumBatchedTokens = 7, KvCacheDType = kvCacheDType },
            _ => c with { KvCacheDType = kvCacheDType },
        });
        var batched = engine.Generate(requests);

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(solo[i].TokenIds, batched[i].TokenIds);
            Assert.Equal(Flatten(solo[i]), Flatten(batched[i]));
        }
        var metrics = engine.Metrics;
        switch (scenario)
        {
            case Scenario.SharedPrefixes:
                Assert.True(metrics.PrefixCacheHitTokens >= 15 * 16, $"expected prefix hits: {metrics}");
                break;
            case Scenario.Preemption:
                Assert.True(metrics.Preemptions > 0, $"expected preemptions: {metrics}");
                break;
        }
    }

    [Fact]
    public void SiblingsOfNAreTheSoloRunsOfConsecutiveSeeds()
    {
        int[] prompt = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 300, 301, 302, 303, 304, 305, 306];
        var sampling = new SamplingParams { Temperature = 1f, Seed = 42, MaxTokens = 12, IgnoreEos = true, N = 3 };
        var engine = TestEngines.Create("stories260K", blockSize: 4);

        var siblings = engine.Generate([new EngineRequest("n3", prompt, sampling)]);

        Assert.Equal(3, siblings.Count);
        Assert.Equal(2 * 16, engine.Metrics.PrefixCacheHitTokens); // siblings 1 and 2 reuse four full blocks
        for (var i = 0; i < 3; i++)
        {
            var solo = TestEngines.Create("stories260K", blockSize: 4)
                .Generate([new EngineRequest("solo", prompt, sampling with { N = 1, Seed = 42UL + (ulong)i })]).Single();
            Assert.Equal(solo.TokenIds, siblings[i].TokenIds);
        }
        Assert.NotEqual(siblings[0].TokenIds, siblings[1].TokenIds);
    }

    /// <summary>
    /// A sequence past one softmax chunk (256 positions): decoding alone, its attention splits by chunk across the
    /// cores; among other requests it runs one item per KV head. Both give the same bits.
    /// </summary>
    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-llama")]
    public void ALongRequestGetsItsSoloOutputsAmongShortOnes(string model)
    {
        var random = new Random(11);
        var vocab = TestEngines.Model(model).Config.VocabSize;
        EngineRequest Request(string id, int length) => new(id, [.. Enumerable.Range(0, length).Select(_ => random.Next(3, Math.Min(vocab, 500)))],
            new SamplingParams { Temperature = 0, MaxTokens = 8, Logprobs = 3, IgnoreEos = true });
        var requests = new[] { Request("long", 530), Request("a", 5), Request("b", 9), Request("c", 3) };

        var solo = TestEngines.Create(model).Generate([requests[0]]).Single();
        var batched = TestEngines.Create(model).Generate(requests);

        Assert.Equal(solo.TokenIds, batched[0].TokenIds);
        Assert.Equal(Flatten(solo), Flatten(batched[0]));
    }

    /// <summary>16 requests of different lengths; odd ones sample with their own seed, even ones are greedy.</summary>
    private static EngineRequest[] Requests(string model, Scenario scenario)
    {
        var vocab = TestEngines.Model(model).Config.VocabSize;
        var random = new Random(7);
        var shared = Enumerable.Range(0, 17).Select(_ => random.Next(3, Math.Min(vocab, 500))).ToArray();
        return Enumerable.Range(0, 16).Select(i =>
        {
            var own = Enumerable.Range(0, 2 + i * 3 % 13).Select(_ => random.Next(3, Math.Min(vocab, 500)));
            var prompt = (scenario == Scenario.SharedPrefixes ? shared.Concat(own) : own.Prepend(1)).ToArray();
            var sampling = new SamplingParams
            {
                Temperature = i % 2 == 0 ? 0 : 0.9f,
                TopP = i % 4 == 1 ? 0.9f : 1f,
                Seed = (ulong)(100 + i),
                MaxTokens = 6 + i % 5,
                Logprobs = 3,
                IgnoreEos = true,
            };
            return new EngineRequest($"r{i}", prompt, sampling);
        }).ToArray();
    }

    private static float[] Flatten(CompletionResult result) =>
        result.Logprobs.SelectMany(l => l.Top.Select(t => t.Logprob).Prepend(l.Logprob)).ToArray();
}

using SharpInfer.Core;
namespace SharpInfer.Engine.Tests;

/// <summary>MLA's paged cache holds one latent row per token and layer, and prefix caching reuses those blocks.</summary>
public sealed class LatentKvCacheTests
{
    [Fact]
    public void BlocksHoldLatentRowsOnly()
    {
        var model = TestEngines.Model("tiny-deepseek-v3");
        var config = model.Config;
        var mla = config.Mla!;

        // (kv_lora_rank + qk_rope_head_dim) × sizeof(float) per token and layer: 40 floats, where full
        // attention would store heads × (q/k head dim + v head dim) = 4 × (24 + 16) = 160.
        var perToken = model.Model.KvBytesPerBlock(16, DType.F32) / 16;
        Assert.Equal((long)config.NumHiddenLayers * (mla.KvLoraRank + mla.QkRopeHeadDim) * sizeof(float), perToken);
        Assert.Equal(4 * config.NumHiddenLayers * config.NumAttentionHeads * (mla.QHeadDim + mla.VHeadDim), perToken * 4);

        var engine = TestEngines.Create("tiny-deepseek-v3", numBlocks: 8, blockSize: 16);
        Assert.Equal(8, engine.NumKvBlocks);
    }

    [Fact]
    public void PrefixCacheHitsOnLatentBlocksGiveTheUncachedOutputs()
    {
        var random = new Random(11);
        var shared = Enumerable.Range(0, 40).Select(_ => random.Next(3, 500)).ToArray();
        var sampling = new SamplingParams { Temperature = 0, MaxTokens = 6, Logprobs = 3, IgnoreEos = true };
        var first = new EngineRequest("a", [.. shared, 17], sampling);
        var second = new EngineRequest("b", [.. shared, 23, 29], sampling);

        var engine = TestEngines.Create("tiny-deepseek-v3", numBlocks: 32, blockSize: 16);
        engine.Generate([first]);
        var cached = engine.Generate([second]).Single();
        var uncached = TestEngines.Create("tiny-deepseek-v3", numBlocks: 32, blockSize: 16, c => c with { EnablePrefixCaching = false })
            .Generate([second]).Single();

        Assert.Equal(32, engine.Metrics.PrefixCacheHitTokens); // the two full blocks of the shared 40 tokens
        Assert.Equal(uncached.TokenIds, cached.TokenIds);
        Assert.Equal(
            uncached.Logprobs.SelectMany(l => l.Top.Select(t => t.Logprob).Prepend(l.Logprob)),
            cached.Logprobs.SelectMany(l => l.Top.Select(t => t.Logprob).Prepend(l.Logprob)));
    }
}

using SharpInfer.Core;
using SharpInfer.Tests;
using static SharpInfer.Models.Tests.TestBatches;

namespace SharpInfer.Models.Tests;

/// <summary>What every model family guarantees through <see cref="ICausalLm"/>.</summary>
public sealed class CausalLmTests
{
    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-qwen3")]
    [InlineData("tiny-llama")]
    [InlineData("tiny-deepseek-v3")]
    [InlineData("tiny-deepseek-v2-lite")]
    public void ChunkedPrefillInScatteredBlocksGivesBitwiseTheSameLogits(string modelName)
    {
        using var loaded = LoadedModel.Load(SharedData.Model(modelName), LoadFormat.Safetensors);
        var model = loaded.Model;
        var vocab = model.Config.VocabSize;

        var whole = new float[vocab];
        model.Forward(Single(Prompt, Positions, [0, 1, 2, 3], [Prompt.Length - 1]), model.CreateKvCache(8, 2, DType.F32), model.CreateScratch(), whole);

        var chunked = new float[vocab];
        var cache = model.CreateKvCache(8, 2, DType.F32);
        var scratch = model.CreateScratch();
        int[] scattered = [5, 1, 7, 0];
        model.Forward(Single(Prompt.AsSpan(0, 3), Positions.AsSpan(0, 3), scattered, [2]), cache, scratch, chunked);
        for (var i = 3; i < Prompt.Length; i++)
            model.Forward(Single(Prompt.AsSpan(i, 1), Positions.AsSpan(i, 1), scattered, [0]), cache, scratch, chunked);

        Assert.Equal(whole, chunked);
    }

    [Theory]
    [InlineData("stories260K", DType.F32)]
    [InlineData("tiny-qwen2", DType.F16)]
    [InlineData("tiny-llama", DType.F16)]
    [InlineData("tiny-deepseek-v3", DType.F32)]
    public void AutoKvCacheIsF16For16BitCheckpointsAndFloat32Otherwise(string modelName, DType expected)
    {
        // stories260K is float32, tiny-qwen2 BF16, tiny-llama F16; DeepSeek's latent cache is float32 only.
        using var loaded = LoadedModel.Load(SharedData.Model(modelName), LoadFormat.Safetensors);
        Assert.Equal(expected, loaded.Model.DefaultKvCacheDType);
    }

    [Fact]
    public void AnF16CacheHoldsEachRowRoundedToHalf()
    {
        var cache = new PagedKvCache(2, 3, 2, numBlocks: 2, blockSize: 4, DType.F16);
        cache.Store(1, 5, [1.0001f, -2.5f, 70000f], [1e-7f, 0.1f]);

        // Row 5 of layer 1; 70000 saturates and 1e-7, under the smallest normal half, flushes to zero.
        Assert.Equal([(Half)1.0001f, (Half)(-2.5f), (Half)65504f], cache.F16Keys[1].AsSpan(15, 3).ToArray());
        Assert.Equal([(Half)0f, (Half)0.1f], cache.F16Values[1].AsSpan(10, 2).ToArray());
        Assert.Empty(cache.F32Keys);
        Assert.Equal(2L * 4 * (3 + 2) * 2, PagedKvCache.BytesPerBlock(2, 3, 2, 4, DType.F16));
    }

    [Theory]
    [InlineData("tiny-qwen3")]
    [InlineData("tiny-deepseek-v3")]
    public void DummyWeightsRunAtTheConfiguredShape(string modelName)
    {
        using var loaded = LoadedModel.Load(SharedData.Model(modelName), LoadFormat.Dummy);
        var logits = new float[loaded.Config.VocabSize];
        loaded.Model.Forward(Single([1, 2, 3], [0, 1, 2], [0], [2]), loaded.Model.CreateKvCache(1, 4, DType.F32), loaded.Model.CreateScratch(), logits);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(logits, v => v != 0);
    }
}

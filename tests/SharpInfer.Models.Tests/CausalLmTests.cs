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

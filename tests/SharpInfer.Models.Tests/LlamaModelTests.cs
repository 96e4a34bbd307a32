using SharpInfer.Core;
using SharpInfer.Tests;

namespace SharpInfer.Models.Tests;

public sealed class LlamaModelTests
{
    private static readonly int[] Prompt = [785, 3974, 13876, 38835, 34208, 916, 279];
    private static readonly int[] Positions = [0, 1, 2, 3, 4, 5, 6];

    /// <summary>One sequence in row 0 of the block tables.</summary>
    private static ForwardBatch Single(ReadOnlySpan<int> ids, ReadOnlySpan<int> positions, int[] blockTable, ReadOnlySpan<int> logitRows) =>
        new(ids, positions, new int[ids.Length], blockTable, blockTable.Length, logitRows);

    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-qwen3")]
    [InlineData("tiny-llama")]
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

    [Fact]
    public void SequencesSharingABatchGetTheirSoloLogits()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("tiny-qwen3"), LoadFormat.Safetensors);
        var model = loaded.Model;
        var vocab = model.Config.VocabSize;
        int[] other = [12522, 5193, 264];

        var solo = new float[vocab];
        model.Forward(Single(Prompt, Positions, [0, 1, 2, 3], [Prompt.Length - 1]), model.CreateKvCache(4, 2, DType.F32), model.CreateScratch(), solo);

        // Sequence 0: three tokens in blocks [6, 7]; sequence 1: the prompt in blocks [0, 1, 2, 3].
        var batched = new float[2 * vocab];
        model.Forward(
            new ForwardBatch([.. other, .. Prompt], [0, 1, 2, .. Positions], [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], [6, 7, -1, -1, 0, 1, 2, 3], 4, [2, 9]),
            model.CreateKvCache(8, 2, DType.F32), model.CreateScratch(), batched);

        Assert.Equal(solo, batched.AsSpan(vocab, vocab).ToArray());
    }

    [Fact]
    public void DummyWeightsRunAtTheConfiguredShape()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("tiny-qwen3"), LoadFormat.Dummy);
        var logits = new float[loaded.Config.VocabSize];
        loaded.Model.Forward(Single([1, 2, 3], [0, 1, 2], [0], [2]), loaded.Model.CreateKvCache(1, 4, DType.F32), loaded.Model.CreateScratch(), logits);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(logits, v => v != 0);
    }

    [Fact]
    public void TokenOutsideTheVocabularyIsAUserError()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("stories260K"), LoadFormat.Safetensors);
        var logits = new float[loaded.Config.VocabSize];
        var error = Assert.Throws<Core.UserErrorException>(() =>
            loaded.Model.Forward(Single([512], [0], [0], [0]), loaded.Model.CreateKvCache(1, 4, DType.F32), loaded.Model.CreateScratch(), logits));
        Assert.Contains("512", error.Message);
    }

    [Fact]
    public void PositionWithoutABlockIsRejected()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("stories260K"), LoadFormat.Safetensors);
        var logits = new float[loaded.Config.VocabSize];
        var error = Assert.Throws<ArgumentException>(() =>
            loaded.Model.Forward(Single([1], [4], [0], [0]), loaded.Model.CreateKvCache(1, 4, DType.F32), loaded.Model.CreateScratch(), logits));
        Assert.Contains("no block table entry", error.Message);
    }
}

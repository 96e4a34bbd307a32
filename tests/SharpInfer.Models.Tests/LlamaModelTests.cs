using SharpInfer.Core;
using SharpInfer.Tests;
using static SharpInfer.Models.Tests.TestBatches;

namespace SharpInfer.Models.Tests;

public sealed class LlamaModelTests
{
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

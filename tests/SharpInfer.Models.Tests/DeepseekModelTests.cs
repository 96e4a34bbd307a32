using SharpInfer.Core;
using SharpInfer.Models.Deepseek;
using SharpInfer.Tests;
using static SharpInfer.Models.Tests.TestBatches;

namespace SharpInfer.Models.Tests;

public sealed class DeepseekModelTests
{
    private static DeepseekModel Load(LoadedModel loaded) => Assert.IsType<DeepseekModel>(loaded.Model);

    [Theory]
    [InlineData("tiny-deepseek-v3")]
    [InlineData("tiny-deepseek-v2-lite")]
    public void SequencesRoutedToTheSameExpertsGetTheirSoloLogits(string modelName)
    {
        using var loaded = LoadedModel.Load(SharedData.Model(modelName), LoadFormat.Safetensors);
        var model = Load(loaded);
        var vocab = model.Config.VocabSize;
        var k = model.Config.Moe!.NumExpertsPerToken;
        int[] other = [12522, 5193, 264];

        var solo = new float[vocab];
        model.Forward(Single(Prompt, Positions, [0, 1, 2, 3], [Prompt.Length - 1]), model.CreateKvCache(4, 2, DType.F32), model.CreateScratch(), solo);

        // Sequence 0: three tokens in blocks [6, 7]; sequence 1: the prompt in blocks [0, 1, 2, 3].
        var batched = new float[2 * vocab];
        var scratch = model.CreateScratch();
        model.Forward(
            new ForwardBatch([.. other, .. Prompt], [0, 1, 2, .. Positions], [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], [6, 7, -1, -1, 0, 1, 2, 3], 4, [2, 9]),
            model.CreateKvCache(8, 2, DType.F32), scratch, batched);

        // The last MoE layer's routing of this pass: some expert ran tokens of both sequences in one GEMM.
        var experts0 = scratch.Moe.TopIds.AsSpan(0, 3 * k).ToArray();
        var experts1 = scratch.Moe.TopIds.AsSpan(3 * k, Prompt.Length * k).ToArray();
        Assert.NotEmpty(experts0.Intersect(experts1));
        Assert.Equal(solo, batched.AsSpan(vocab, vocab).ToArray());
    }

    [Fact]
    public void KvCacheHoldsOneLatentRowPerTokenAndLayer()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("tiny-deepseek-v3"), LoadFormat.Safetensors);
        var mla = loaded.Config.Mla!;
        var cache = loaded.Model.CreateKvCache(4, 16, DType.F32);

        Assert.Equal(mla.KvLoraRank + mla.QkRopeHeadDim, cache.KvDim);
        Assert.Equal(0, cache.ValueDim);
        Assert.All(cache.F32Values, layer => Assert.Empty(layer));
        Assert.All(cache.F32Keys, layer => Assert.Equal(4 * 16 * (32 + 8), layer.Length));
        // (kv_lora_rank + qk_rope_head_dim) × 4 bytes per token and layer, against 4 heads × (24 + 16) for full attention.
        Assert.Equal(3L * 16 * (32 + 8) * sizeof(float), loaded.Model.KvBytesPerBlock(16, DType.F32));
    }
}

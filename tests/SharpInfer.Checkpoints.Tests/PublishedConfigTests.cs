using SharpInfer.Core;
using SharpInfer.Tests;

namespace SharpInfer.Checkpoints.Tests;

/// <summary>The published DeepSeek-V3, DeepSeek-R1 and Kimi-K2 config.json files in tests/data parse to their real shapes.</summary>
public sealed class PublishedConfigTests
{
    private static ModelConfig Read(string name, string? overrides = null) =>
        HfConfigReader.ReadModelConfig(SharedData.RepositoryTestData("configs", name), overrides);

    [Theory]
    [InlineData("deepseek-v3")]
    [InlineData("deepseek-r1")]
    public void DeepseekV3AndR1(string name)
    {
        var c = Read(name);
        Assert.Equal("deepseek_v3", c.ModelType);
        Assert.Equal((7168, 18432, 61, 128, 128, 129280), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.VocabSize));
        Assert.Equal(new MlaConfig { QLoraRank = 1536, KvLoraRank = 512, QkNopeHeadDim = 128, QkRopeHeadDim = 64, VHeadDim = 128 }, c.Mla);
        Assert.Equal(192, c.HeadDim);
        var moe = c.Moe!;
        Assert.Equal((256, 8, 2048, 1, 3, 1, 8, 4), (moe.NumRoutedExperts, moe.NumExpertsPerToken, moe.MoeIntermediateSize, moe.NumSharedExperts, moe.FirstKDenseReplace, moe.MoeLayerFreq, moe.NumGroups, moe.TopKGroups));
        Assert.Equal(("noaux_tc", "sigmoid", true, 2.5), (moe.TopKMethod, moe.ScoringFunc, moe.NormTopKProb, moe.RoutedScalingFactor));
        Assert.False(moe.IsMoeLayer(2));
        Assert.True(moe.IsMoeLayer(3));
        var rope = c.RopeScaling!;
        Assert.Equal(("yarn", 40.0, 4096, 32.0, 1.0, 1.0, 1.0), (rope.Type, rope.Factor, rope.OriginalMaxPositionEmbeddings, rope.BetaFast, rope.BetaSlow, rope.Mscale, rope.MscaleAllDim));
        Assert.Equal(163840, c.MaxPositionEmbeddings);
        Assert.Equal(DType.BF16, c.TorchDtype);
        Assert.Equal([1], c.EosTokenIds);
        // The latent row: 512 + 64 values per token and layer instead of 128 heads × (192 + 128).
        Assert.Equal(576, c.Mla!.LatentWidth);
    }

    [Fact]
    public void KimiK2IsADeepseekV3WithMoreExpertsAndFewerHeads()
    {
        var c = Read("kimi-k2-instruct");
        Assert.Equal("kimi_k2", c.ModelType);
        Assert.Equal((7168, 61, 64, 163840), (c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.VocabSize));
        Assert.Equal(576, c.Mla!.LatentWidth);
        var moe = c.Moe!;
        Assert.Equal((384, 8, 1, 1, 1), (moe.NumRoutedExperts, moe.NumExpertsPerToken, moe.FirstKDenseReplace, moe.NumGroups, moe.TopKGroups));
        Assert.Equal(("noaux_tc", "sigmoid", 2.827), (moe.TopKMethod, moe.ScoringFunc, moe.RoutedScalingFactor));
        Assert.Equal(50000.0, c.RopeTheta);
        Assert.Equal(32.0, c.RopeScaling!.Factor);
        Assert.Equal([163585], c.EosTokenIds);
    }

    [Fact]
    public void HfOverridesReplaceTopLevelFields()
    {
        var c = Read("deepseek-r1", """{"num_hidden_layers": 4, "n_routed_experts": 32}""");
        Assert.Equal(4, c.NumHiddenLayers);
        Assert.Equal(32, c.Moe!.NumRoutedExperts);
        Assert.Equal(7168, c.HiddenSize);
        Assert.Equal(8, c.Moe.NumGroups);
    }

    [Theory]
    [InlineData("[1, 2]", "--hf-overrides must be a JSON object")]
    [InlineData("{\"num_hidden_layers\": ", "--hf-overrides is not valid JSON")]
    [InlineData("{\"n_routed_experts\": 12}", "n_routed_experts (12) must be a multiple of n_group (8)")]
    public void BadOverridesAreUserErrors(string overrides, string expected)
    {
        var e = Assert.Throws<UserErrorException>(() => Read("deepseek-r1", overrides));
        Assert.Contains(expected, e.Message);
    }
}

using SharpInfer.Core;
using SharpInfer.Tests;

namespace SharpInfer.Checkpoints.Tests;

/// <summary>config.json / generation_config.json of the real model folders in ../shared.</summary>
public sealed class SharedConfigTests
{
    private static readonly string[] SupportedTypes = ["llama", "qwen2", "qwen3", "deepseek_v2", "deepseek_v3", "kimi_k2"];

    public static TheoryData<string> AllConfigFolders()
    {
        var data = new TheoryData<string>();
        foreach (var parent in new[] { "models", "configs" })
        {
            foreach (var dir in Directory.GetDirectories(SharedData.Path(parent)).Order())
            {
                if (File.Exists(Path.Combine(dir, "config.json")))
                    data.Add(Path.Combine(parent, Path.GetFileName(dir)));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllConfigFolders))]
    public void EverySharedConfigParsesOrIsRejectedByModelType(string folder)
    {
        var dir = SharedData.Path(folder);
        var configPath = Path.Combine(dir, "config.json");
        var modelType = System.Text.Json.JsonDocument.Parse(File.ReadAllText(configPath)).RootElement.GetProperty("model_type").GetString()!;

        if (Array.IndexOf(SupportedTypes, modelType) >= 0)
        {
            var config = HfConfigReader.ReadModelConfig(dir);
            Assert.Equal(modelType, config.ModelType);
            Assert.Equal(0, config.NumAttentionHeads % config.NumKeyValueHeads);
            Assert.Equal("silu", config.HiddenAct);
        }
        else
        {
            var e = Assert.Throws<UserErrorException>(() => HfConfigReader.ReadModelConfig(dir));
            Assert.Equal($"config.json ({configPath}): unsupported model_type '{modelType}'; supported: llama, qwen2, qwen3, deepseek_v2, deepseek_v3, kimi_k2", e.Message);
        }
    }

    [Fact]
    public void Stories260K()
    {
        var c = HfConfigReader.ReadModelConfig(SharedData.Model("stories260K"));
        Assert.Equal("llama", c.ModelType);
        Assert.Equal((64, 172, 5, 8, 4, 8, 512), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, c.VocabSize));
        Assert.Equal(1e-5, c.RmsNormEps);
        Assert.Equal(10000.0, c.RopeTheta);
        Assert.Null(c.RopeScaling);
        Assert.Equal(512, c.MaxPositionEmbeddings);
        Assert.True(c.TieWordEmbeddings);
        Assert.False(c.AttentionBias);
        Assert.False(c.QkNorm);
        Assert.Equal(1, c.BosTokenId);
        Assert.Equal([2], c.EosTokenIds);
        Assert.Equal(DType.F32, c.TorchDtype);
    }

    [Fact]
    public void TinyLlamaHasLlama3RopeScalingAndMqa()
    {
        var c = HfConfigReader.ReadModelConfig(SharedData.Model("tiny-llama"));
        Assert.Equal(1, c.NumKeyValueHeads);
        Assert.Equal(16, c.HeadDim);
        Assert.Equal(500000.0, c.RopeTheta);
        Assert.False(c.TieWordEmbeddings);
        Assert.Equal(DType.F16, c.TorchDtype);
        var rope = Assert.IsType<RopeScalingConfig>(c.RopeScaling);
        Assert.Equal("llama3", rope.Type);
        Assert.Equal(8.0, rope.Factor);
        Assert.Equal(1.0, rope.LowFreqFactor);
        Assert.Equal(4.0, rope.HighFreqFactor);
        Assert.Equal(64, rope.OriginalMaxPositionEmbeddings);
    }

    [Fact]
    public void TinyQwen2HasAttentionBiasAndTiedEmbeddings()
    {
        var c = HfConfigReader.ReadModelConfig(SharedData.Model("tiny-qwen2"));
        Assert.True(c.AttentionBias);
        Assert.False(c.QkNorm);
        Assert.True(c.TieWordEmbeddings);
        Assert.Equal(16, c.HeadDim);
        Assert.Equal(1_000_000.0, c.RopeTheta);
        Assert.Equal([151645], c.EosTokenIds);
        Assert.Equal(DType.BF16, c.TorchDtype);
    }

    [Fact]
    public void TinyQwen3HasExplicitHeadDimAndQkNorm()
    {
        var c = HfConfigReader.ReadModelConfig(SharedData.Model("tiny-qwen3"));
        Assert.Equal(32, c.HeadDim);
        Assert.Equal(64, c.HiddenSize);
        Assert.Equal(4, c.NumAttentionHeads);
        Assert.True(c.QkNorm);
        Assert.False(c.AttentionBias);
    }

    [Fact]
    public void Qwen25HalfBillionConfig()
    {
        var c = HfConfigReader.ReadModelConfig(SharedData.Path("configs", "qwen2.5-0.5b-instruct"));
        Assert.Equal("qwen2", c.ModelType);
        Assert.True(c.AttentionBias);
        Assert.Equal((896, 4864, 24, 14, 2, 64, 151936), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, c.VocabSize));
        Assert.Equal(32768, c.MaxPositionEmbeddings);
        Assert.True(c.TieWordEmbeddings);
    }

    [Fact]
    public void SmolLm2Config()
    {
        var c = HfConfigReader.ReadModelConfig(SharedData.Path("configs", "smollm2-135m-instruct"));
        Assert.Equal("llama", c.ModelType);
        Assert.Equal((576, 30, 9, 3, 64), (c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim));
        Assert.Equal(100000.0, c.RopeTheta);
        Assert.Null(c.RopeScaling);
        Assert.False(c.AttentionBias);
    }

    [Fact]
    public void Stories260KGenerationConfig()
    {
        var g = HfConfigReader.ReadGenerationConfig(SharedData.Model("stories260K"));
        Assert.NotNull(g);
        Assert.Equal(1, g.BosTokenId);
        Assert.Equal([2], g.EosTokenIds);
        Assert.False(g.DoSample);
        Assert.Null(g.Temperature);
    }

    [Fact]
    public void FolderWithoutGenerationConfigGivesNull() =>
        Assert.Null(HfConfigReader.ReadGenerationConfig(SharedData.Model("tiny-qwen2")));
}

using SharpInfer.Core;
using SharpInfer.Checkpoints;
using SharpInfer.Tests;

namespace SharpInfer.Models.Tests;

public sealed class ModelFootprintTests
{
    [Fact]
    public void DeepseekV3Has671BParametersAnd37BActive()
    {
        // DeepSeek's own figures: 671B parameters in the main model, 36.6B activated per token (incl. the 0.9B lm_head).
        var size = ModelFootprint.Of(HfConfigReader.ReadModelConfig(SharedData.RepositoryTestData("configs", "deepseek-v3")));
        Assert.Equal(671_026_419_200, size.TotalParameters);
        Assert.Equal(36_625_618_432, size.ActiveParameters);
        // 61 layers × 576 latent floats against 61 × 128 heads × (192 + 128) for full attention: 71× smaller.
        Assert.Equal(61L * 576 * 4, size.KvBytesPerToken);
        Assert.Equal(61L * 128 * 320 * 4, size.FullAttentionKvBytesPerToken);
    }

    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-qwen3")]
    [InlineData("tiny-llama")]
    [InlineData("tiny-deepseek-v3")]
    [InlineData("tiny-deepseek-v2-lite")]
    public void ParametersMatchTheCheckpointAndKvMatchesTheModel(string name)
    {
        using var loaded = LoadedModel.Load(SharedData.Model(name), LoadFormat.Safetensors);
        var size = ModelFootprint.Of(loaded.Config);
        Assert.Equal(CheckpointElements(Path.Combine(SharedData.Model(name), "model.safetensors")), size.TotalParameters);
        Assert.Equal(loaded.Model.KvBytesPerBlock(16, DType.F32), 16 * size.KvBytesPerToken);
    }

    /// <summary>Elements of every tensor listed in a safetensors header.</summary>
    private static long CheckpointElements(string path)
    {
        using var file = File.OpenRead(path);
        var lengthBytes = new byte[8];
        file.ReadExactly(lengthBytes);
        var header = new byte[BitConverter.ToInt64(lengthBytes)];
        file.ReadExactly(header);
        using var json = System.Text.Json.JsonDocument.Parse(header);
        return json.RootElement.EnumerateObject()
            .Where(p => p.Name != "__metadata__")
            .Sum(p => p.Value.GetProperty("shape").EnumerateArray().Aggregate(1L, (n, d) => n * d.GetInt64()));
    }
}

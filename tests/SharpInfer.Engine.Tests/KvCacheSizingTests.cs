using SharpInfer.Core;

namespace SharpInfer.Engine.Tests;

public sealed class KvCacheSizingTests
{
    [Fact]
    public void ACacheTooSmallForOneSequenceSaysWhatFitsAndWhichFlagToChange()
    {
        var model = TestEngines.Model("stories260K");
        var perBlock = model.Model.KvBytesPerBlock(16, DType.F32);

        var error = Assert.Throws<UserErrorException>(() => new LlmEngine(model, new EngineConfig
        {
            BlockSize = 16,
            MaxModelLen = 256,
            KvCacheMemoryBytes = 10 * perBlock,
        }));

        Assert.Contains("160 tokens", error.Message);
        Assert.Contains("--kv-cache-memory", error.Message);
        Assert.Contains("--max-model-len to 160", error.Message);
    }

    [Fact]
    public void TheBudgetBuysWholeBlocks()
    {
        var model = TestEngines.Model("stories260K");
        var perBlock = model.Model.KvBytesPerBlock(16, DType.F32);

        var engine = new LlmEngine(model, new EngineConfig { BlockSize = 16, MaxModelLen = 64, KvCacheMemoryBytes = 7 * perBlock + perBlock / 2 });

        Assert.Equal(7, engine.NumKvBlocks);
        Assert.Equal(7, engine.Metrics.NumKvBlocks);
    }

    [Fact]
    public void AFractionOfFreeMemoryIsCappedAtWhatTheSequencesCanUse()
    {
        var engine = new LlmEngine(TestEngines.Model("stories260K"), new EngineConfig { BlockSize = 16, MaxModelLen = 64, MaxNumSeqs = 3 });
        Assert.Equal(3 * 4, engine.NumKvBlocks);
    }
}

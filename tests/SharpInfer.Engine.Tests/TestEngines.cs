using SharpInfer.Core;
using System.Collections.Concurrent;
using SharpInfer.Models;
using SharpInfer.Tests;

namespace SharpInfer.Engine.Tests;

/// <summary>Engines over the shared models (weights loaded once per test run), with a small KV pool.</summary>
internal static class TestEngines
{
    private static readonly ConcurrentDictionary<string, LoadedModel> Models = new();

    public static LoadedModel Model(string name) =>
        Models.GetOrAdd(name, m => LoadedModel.Load(SharedData.Model(m), LoadFormat.Safetensors));

    public static LlmEngine Create(string model, int numBlocks = 64, int blockSize = 16, Func<EngineConfig, EngineConfig>? configure = null)
    {
        var loaded = Model(model);
        var config = new EngineConfig
        {
            BlockSize = blockSize,
            MaxModelLen = Math.Min(loaded.MaxModelLength, numBlocks * blockSize),
            KvCacheMemoryBytes = numBlocks * loaded.Model.KvBytesPerBlock(blockSize, DType.F32),
        };
        return new LlmEngine(loaded, configure is null ? config : configure(config));
    }
}

using System.Diagnostics;
using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Models;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// Engines sized for one benchmark shape, and batches run through them. Prompts are random, so they share
/// no prefix, and unless --kv-cache-memory says otherwise the KV cache holds every sequence at full length,
/// so nothing is preempted: the numbers measure the model and the scheduler, not cache pressure.
/// </summary>
internal static class BenchEngine
{
    /// <summary>Stops before any work when a sequence of this shape cannot fit the model.</summary>
    public static void CheckFits(LoadedModel loaded, int inputLen, int outputLen, string subject, string fix)
    {
        if (inputLen + outputLen > loaded.MaxModelLength)
            throw new UserErrorException(
                $"{subject}: {inputLen} + {outputLen} = {inputLen + outputLen} tokens per sequence exceeds the model's maximum length of {loaded.MaxModelLength}; {fix}");
    }

    /// <summary>The engine for a benchmark shape, with a KV cache for every sequence at full length unless one is given.</summary>
    public static LlmEngine Create(LoadedModel loaded, EngineConfig config, int maxModelLen)
    {
        var blocksPerSequence = (maxModelLen + config.BlockSize - 1) / config.BlockSize;
        return new LlmEngine(loaded, config with
        {
            MaxModelLen = maxModelLen,
            KvCacheMemoryBytes = config.KvCacheMemoryBytes ?? (long)blocksPerSequence * config.MaxNumSeqs * loaded.Model.KvBytesPerBlock(config.BlockSize, config.KvCacheDTypeFor(loaded.Model)),
        });
    }

    /// <summary>Requests with random prompts that generate exactly <paramref name="outputLen"/> tokens each.</summary>
    public static EngineRequest[] Requests(Random random, string idPrefix, int count, int inputLen, int outputLen, int vocabSize)
    {
        var sampling = new SamplingParams { Temperature = 0, MaxTokens = outputLen, IgnoreEos = true };
        var requests = new EngineRequest[count];
        for (var i = 0; i < count; i++)
        {
            var prompt = new int[inputLen];
            for (var j = 0; j < inputLen; j++)
                prompt[j] = random.Next(vocabSize);
            requests[i] = new EngineRequest($"{idPrefix}-{i}", prompt, sampling);
        }
        return requests;
    }

    /// <summary>Submits all requests at once and steps the engine until they finish.</summary>
    public static BatchTiming Run(LlmEngine engine, IReadOnlyList<EngineRequest> requests, Action<int> onTokens)
    {
        var awaitingFirstToken = requests.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        var firstTokens = TimeSpan.Zero;
        var stopwatch = Stopwatch.StartNew();
        var results = engine.Generate(requests, output =>
        {
            if (awaitingFirstToken.Remove(output.RequestId) && awaitingFirstToken.Count == 0)
                firstTokens = stopwatch.Elapsed;
            onTokens(output.NewTokenIds.Count);
        });
        var total = stopwatch.Elapsed;
        return new BatchTiming(
            requests.Count, requests.Sum(r => (long)r.PromptTokenIds.Count), results.Sum(r => (long)r.TokenIds.Count),
            firstTokens.TotalSeconds, total.TotalSeconds);
    }
}

using System.Diagnostics;
using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Models;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// Engines sized for one benchmark shape, and batches run through them. Prefix caching is off so every run
/// pays its full prefill, and the KV cache holds every sequence at full length so nothing is preempted: the
/// numbers measure the model and the scheduler, not cache pressure.
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

    public static LlmEngine Create(LoadedModel loaded, BenchSetup setup, int maxModelLen, int maxNumSeqs, int maxNumBatchedTokens)
    {
        var blocksPerSequence = (maxModelLen + setup.BlockSize - 1) / setup.BlockSize;
        return new LlmEngine(loaded, new EngineConfig
        {
            BlockSize = setup.BlockSize,
            MaxModelLen = maxModelLen,
            MaxNumSeqs = maxNumSeqs,
            MaxNumBatchedTokens = maxNumBatchedTokens,
            EnablePrefixCaching = false,
            KvCacheMemoryBytes = (long)blocksPerSequence * maxNumSeqs * loaded.Model.KvBytesPerBlock(setup.BlockSize),
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

namespace SharpInfer.Engine;

/// <summary>A snapshot of the engine's counters (what a /metrics endpoint exports).</summary>
public sealed record EngineMetrics(
    int NumRunning,
    int NumWaiting,
    double KvCacheUsage,
    int NumKvBlocks,
    long PrefixCacheQueryTokens,
    long PrefixCacheHitTokens,
    long KvBlockEvictions,
    long Preemptions,
    long PromptTokens,
    long GenerationTokens,
    long Steps);

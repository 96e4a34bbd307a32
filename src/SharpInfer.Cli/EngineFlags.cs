using System.CommandLine;
using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Engine.Scheduling;

namespace SharpInfer.Cli;

/// <summary>
/// Engine tuning flags in vLLM's names, with MindIE's ScheduleConfig names as aliases
/// (cacheBlockSize, maxBatchSize, maxPrefillTokens, maxPrefillBatchSize, maxQueueDelayMicroseconds, maxPreemptCount).
/// </summary>
internal sealed class EngineFlags
{
    /// <summary>The block-size flag (commands that build an engine without the other flags take only this one).</summary>
    public static Option<int> BlockSizeOption(int defaultBlockSize) => new("--block-size", "--cache-block-size")
    {
        Description = "KV cache block size in tokens, 16-128 (MindIE: cacheBlockSize).",
        DefaultValueFactory = _ => defaultBlockSize,
    };

    public static int CheckBlockSize(int blockSize) =>
        blockSize is >= 16 and <= 128 ? blockSize : throw new UserErrorException($"--block-size must be in 16..128 (got {blockSize})");

    public Option<int> MaxNumSeqs { get; } = new("--max-num-seqs", "--max-batch-size")
    {
        Description = "Most sequences running at once (MindIE: maxBatchSize).",
        DefaultValueFactory = _ => 256,
    };

    public Option<int> MaxNumBatchedTokens { get; } = new("--max-num-batched-tokens", "--max-prefill-tokens")
    {
        Description = "Token budget of one engine step; longer prompts are prefilled in chunks (MindIE: maxPrefillTokens).",
        DefaultValueFactory = _ => 2048,
    };

    public Option<int?> MaxPrefillBatchSize { get; } = new("--max-prefill-batch-size") { Description = "New sequences admitted per step (MindIE: maxPrefillBatchSize)." };
    public Option<int> MaxQueueDelayMicroseconds { get; } = new("--max-queue-delay-microseconds") { Description = "How long a lone prefill waits for companions (MindIE: maxQueueDelayMicroseconds)." };
    public Option<int?> MaxPreemptCount { get; } = new("--max-preempt-count") { Description = "Preemptions allowed per step (MindIE: maxPreemptCount)." };

    public Option<string> Policy { get; } = new("--scheduling-policy")
    {
        Description = "fcfs or priority (lower priority values first).",
        DefaultValueFactory = _ => "fcfs",
    };

    public Option<bool> NoPrefixCaching { get; } = new("--no-enable-prefix-caching") { Description = "Turn prefix caching off (on by default)." };
    public Option<bool> NoChunkedPrefill { get; } = new("--no-enable-chunked-prefill") { Description = "Prefill each prompt in one step." };
    public Option<long?> KvCacheMemory { get; } = new("--kv-cache-memory") { Description = "KV cache size in bytes (default: a fraction of free memory)." };

    public Option<string> KvCacheDType { get; } = KvCacheDTypeOption();

    public IEnumerable<Option> All =>
    [
        MaxNumSeqs, MaxNumBatchedTokens, MaxPrefillBatchSize, MaxQueueDelayMicroseconds, MaxPreemptCount,
        Policy, NoPrefixCaching, NoChunkedPrefill, KvCacheMemory, KvCacheDType,
    ];

    public EngineConfig Read(ParseResult parse, int blockSize)
    {
        var delay = parse.GetValue(MaxQueueDelayMicroseconds);
        if (delay < 0)
            throw new UserErrorException($"--max-queue-delay-microseconds must not be negative (got {delay})");
        return new EngineConfig
        {
            BlockSize = CheckBlockSize(blockSize),
            MaxNumSeqs = parse.GetValue(MaxNumSeqs),
            MaxNumBatchedTokens = parse.GetValue(MaxNumBatchedTokens),
            MaxPrefillBatchSize = parse.GetValue(MaxPrefillBatchSize),
            MaxQueueDelay = TimeSpan.FromMicroseconds(delay),
            MaxPreemptCount = parse.GetValue(MaxPreemptCount),
            Policy = parse.GetValue(Policy) switch
            {
                "fcfs" => SchedulingPolicy.Fcfs,
                "priority" => SchedulingPolicy.Priority,
                var other => throw new UserErrorException($"--scheduling-policy '{other}' is not supported; use fcfs or priority"),
            },
            EnablePrefixCaching = !parse.GetValue(NoPrefixCaching),
            EnableChunkedPrefill = !parse.GetValue(NoChunkedPrefill),
            KvCacheMemoryBytes = parse.GetValue(KvCacheMemory),
            KvCacheDType = ParseKvCacheDType(parse.GetValue(KvCacheDType)!),
        };
    }

    public static Option<string> KvCacheDTypeOption() => new("--kv-cache-dtype")
    {
        Description = "KV cache element type: auto (float16 for 16-bit checkpoints, float32 otherwise), float32, float16, or bfloat16 (least exact).",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>The asked-for cache type; null for auto (the model's choice).</summary>
    public static DType? ParseKvCacheDType(string value) => value switch
    {
        "auto" => null,
        "float32" or "fp32" => DType.F32,
        "float16" or "fp16" or "half" => DType.F16,
        "bfloat16" or "bf16" => DType.BF16,
        var other => throw new UserErrorException($"--kv-cache-dtype '{other}' is not supported; use auto, float32, float16 or bfloat16"),
    };
}

using SharpInfer.Core;
using SharpInfer.Models;
using SharpInfer.Engine.Scheduling;

namespace SharpInfer.Engine;

/// <summary>
/// Engine limits, in vLLM's terms (MindIE's ScheduleConfig names in brackets where they differ):
/// block size [cacheBlockSize], max sequences [maxBatchSize], token budget per step [maxPrefillTokens],
/// max prefill batch [maxPrefillBatchSize], queue delay [maxQueueDelayMicroseconds], preemptions per step
/// [maxPreemptCount].
/// </summary>
public sealed record EngineConfig
{
    public int BlockSize { get; init; } = 128;
    public int MaxNumSeqs { get; init; } = 256;
    public int MaxNumBatchedTokens { get; init; } = 2048;

    /// <summary>Null: the model's max_position_embeddings.</summary>
    public int? MaxModelLen { get; init; }

    /// <summary>New sequences admitted per step (null: no limit beyond MaxNumSeqs).</summary>
    public int? MaxPrefillBatchSize { get; init; }

    /// <summary>How long a lone prefill may wait for companions when nothing is running.</summary>
    public TimeSpan MaxQueueDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Preemptions allowed per step (null: as many as needed).</summary>
    public int? MaxPreemptCount { get; init; }

    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.Fcfs;
    public bool EnablePrefixCaching { get; init; } = true;
    public bool EnableChunkedPrefill { get; init; } = true;

    /// <summary>KV cache size in bytes; null: <see cref="KvCacheMemoryFraction"/> of the available memory.</summary>
    public long? KvCacheMemoryBytes { get; init; }

    public double KvCacheMemoryFraction { get; init; } = 0.4;

    /// <summary>
    /// F32, F16 or BF16; null (auto): the model's <see cref="ICausalLm.DefaultKvCacheDType"/>, F16 for 16-bit checkpoints.
    /// The 16-bit types halve KV memory and attention bandwidth. BF16's rounding moves the tiny reference models'
    /// log-probabilities by up to ~0.05, past the fixtures' tolerance, so it is opt-in.
    /// </summary>
    public DType? KvCacheDType { get; init; }

    /// <summary>The cache element type for <paramref name="model"/>: the one asked for, else the model's default.</summary>
    public DType KvCacheDTypeFor(ICausalLm model) => KvCacheDType ?? model.DefaultKvCacheDType;

    /// <summary>The max model length after <see cref="Resolve"/>.</summary>
    internal int ResolvedMaxModelLen { get; init; }

    /// <summary>The config with model-dependent defaults filled in, checked.</summary>
    public EngineConfig Resolve(int modelMaxLength)
    {
        var maxModelLen = MaxModelLen ?? modelMaxLength;
        Check(BlockSize is >= 1 and <= 1024, $"block size must be in 1..1024, got {BlockSize}");
        Check(MaxNumSeqs >= 1, $"max-num-seqs must be at least 1, got {MaxNumSeqs}");
        Check(MaxNumBatchedTokens >= 1, $"max-num-batched-tokens must be at least 1, got {MaxNumBatchedTokens}");
        Check(maxModelLen >= 2, $"max-model-len must be at least 2, got {maxModelLen}");
        Check(maxModelLen <= modelMaxLength || MaxModelLen is null,
            $"max-model-len {maxModelLen} exceeds the model's max_position_embeddings ({modelMaxLength})");
        Check(MaxPrefillBatchSize is null or >= 1, $"max-prefill-batch-size must be at least 1, got {MaxPrefillBatchSize}");
        Check(MaxPreemptCount is null or >= 0, $"max-preempt-count must be >= 0, got {MaxPreemptCount}");
        Check(MaxQueueDelay >= TimeSpan.Zero, "max queue delay must not be negative");
        Check(KvCacheMemoryBytes is null or > 0, $"kv-cache-memory must be positive, got {KvCacheMemoryBytes}");
        Check(KvCacheDType is null or DType.F32 or DType.F16 or DType.BF16, $"kv-cache-dtype must be float32, float16 or bfloat16, got {KvCacheDType}");
        Check(KvCacheMemoryFraction is > 0 and <= 1, $"kv-cache-memory fraction must be in (0, 1], got {KvCacheMemoryFraction}");
        Check(EnableChunkedPrefill || MaxNumBatchedTokens >= maxModelLen,
            $"without chunked prefill, max-num-batched-tokens ({MaxNumBatchedTokens}) must be at least max-model-len ({maxModelLen}) so every prompt fits one step");
        return this with { ResolvedMaxModelLen = maxModelLen };
    }

    internal int PrefillBatchLimit => MaxPrefillBatchSize ?? int.MaxValue;
    internal int PreemptLimit => MaxPreemptCount ?? int.MaxValue;

    private static void Check(bool condition, string message)
    {
        if (!condition)
            throw new UserErrorException(message);
    }
}

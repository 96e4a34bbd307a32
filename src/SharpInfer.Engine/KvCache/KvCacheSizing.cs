using System.Globalization;
using SharpInfer.Core;

namespace SharpInfer.Engine.KvCache;

/// <summary>How many KV blocks a memory budget buys, and a clear error when that is not even one sequence.</summary>
internal static class KvCacheSizing
{
    private const double MiB = 1024 * 1024;

    public static int NumBlocks(EngineConfig config, long bytesPerBlock, int maxModelLen)
    {
        var blocksPerSequence = (maxModelLen + config.BlockSize - 1) / config.BlockSize;
        long blocks;
        long budget;
        if (config.KvCacheMemoryBytes is { } explicitBytes)
        {
            budget = explicitBytes;
            blocks = budget / bytesPerBlock;
        }
        else
        {
            budget = (long)(AvailableMemoryBytes() * config.KvCacheMemoryFraction);
            // More than every sequence at full length could ever use is wasted memory.
            blocks = Math.Min(budget / bytesPerBlock, (long)blocksPerSequence * config.MaxNumSeqs);
        }
        if (blocks < blocksPerSequence)
        {
            var tokens = blocks * config.BlockSize;
            throw new UserErrorException(string.Create(CultureInfo.InvariantCulture,
                $"the KV cache ({budget / MiB:F1} MiB = {blocks} blocks of {config.BlockSize} tokens = {tokens} tokens) cannot hold one sequence of max-model-len {maxModelLen}; " +
                $"raise --kv-cache-memory to at least {blocksPerSequence * bytesPerBlock / MiB:F1} MiB or lower --max-model-len to {tokens}"));
        }
        return (int)Math.Min(blocks, int.MaxValue);
    }

    /// <summary>MemAvailable on Linux (what can be used without swapping), else the GC's view of the machine.</summary>
    private static long AvailableMemoryBytes()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
        {
            foreach (var line in File.ReadLines(meminfo))
            {
                if (!line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                    continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib))
                    return kib * 1024;
            }
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}

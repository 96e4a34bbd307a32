using System.Runtime.InteropServices;

namespace SharpInfer.Engine.KvCache;

/// <summary>
/// Gives sequences the blocks their tokens need, shares full blocks between sequences with equal prefixes
/// (prefix caching), and takes blocks back. A block is published to the prefix cache when it is allocated
/// for the step that fills it: the model writes every key and value of a step before any token attends,
/// so a sequence admitted later in the same step may already reuse it.
/// </summary>
internal sealed class KvCacheManager(int numBlocks, int blockSize, bool enablePrefixCaching)
{
    private readonly BlockPool _pool = new(numBlocks);

    public int BlockSize { get; } = blockSize;
    public int NumBlocks => _pool.NumBlocks;
    public int NumFreeBlocks => _pool.NumFreeBlocks;
    public bool PrefixCachingEnabled { get; } = enablePrefixCaching;
    public double Usage => 1 - (double)_pool.NumFreeBlocks / _pool.NumBlocks;
    public long Evictions => _pool.Evictions;

    internal BlockPool Pool => _pool;

    /// <summary>
    /// The longest run of cached full blocks matching the sequence's tokens. At least the last token is
    /// always left to compute, because its logits are needed.
    /// </summary>
    public List<KvBlock> FindCachedPrefix(Sequence sequence)
    {
        var hit = new List<KvBlock>();
        if (!PrefixCachingEnabled)
            return hit;
        var maxBlocks = (sequence.NumTokens - 1) / BlockSize;
        for (var i = 0; i < maxBlocks && _pool.TryGetCached(HashOf(sequence, i), out var block); i++)
            hit.Add(block);
        return hit;
    }

    /// <summary>
    /// Makes room for <paramref name="numNewTokens"/> more tokens after the computed ones (after the cached
    /// prefix, when one is given for a sequence that holds no blocks yet). False, changing nothing, when
    /// there are not enough free blocks.
    /// </summary>
    public bool TryAllocateSlots(Sequence sequence, int numNewTokens, IReadOnlyList<KvBlock>? cachedPrefix = null)
    {
        cachedPrefix ??= [];
        if (cachedPrefix.Count > 0 && sequence.Blocks.Count > 0)
            throw new InvalidOperationException($"{sequence}: a cached prefix can only start an empty block table");
        var computed = cachedPrefix.Count > 0 ? cachedPrefix.Count * BlockSize : sequence.NumComputedTokens;
        var blocksNeeded = (computed + numNewTokens + BlockSize - 1) / BlockSize;
        var newBlocks = Math.Max(0, blocksNeeded - sequence.Blocks.Count - cachedPrefix.Count);
        var revived = 0;
        foreach (var block in cachedPrefix)
            revived += block.IsFree ? 1 : 0;
        if (newBlocks + revived > _pool.NumFreeBlocks)
            return false;

        foreach (var block in cachedPrefix)
        {
            _pool.Touch(block);
            sequence.Blocks.Add(block);
        }
        sequence.NumRegisteredBlocks = Math.Max(sequence.NumRegisteredBlocks, cachedPrefix.Count);
        for (var i = 0; i < newBlocks; i++)
            sequence.Blocks.Add(_pool.Allocate());
        if (PrefixCachingEnabled)
            RegisterFullBlocks(sequence, computed + numNewTokens);
        return true;
    }

    /// <summary>Returns the sequence's blocks, last first, so a prompt's tail is evicted before its shared head.</summary>
    public void Free(Sequence sequence)
    {
        for (var i = sequence.Blocks.Count - 1; i >= 0; i--)
            _pool.Release(sequence.Blocks[i]);
        sequence.Blocks.Clear();
        sequence.NumRegisteredBlocks = 0;
    }

    private void RegisterFullBlocks(Sequence sequence, int numTokensAfterStep)
    {
        var fullBlocks = Math.Min(numTokensAfterStep, sequence.NumTokens) / BlockSize;
        for (var i = sequence.NumRegisteredBlocks; i < fullBlocks; i++)
            _pool.Register(sequence.Blocks[i], HashOf(sequence, i));
        sequence.NumRegisteredBlocks = Math.Max(sequence.NumRegisteredBlocks, fullBlocks);
    }

    private UInt128 HashOf(Sequence sequence, int blockIndex)
    {
        var hashes = sequence.BlockHashes;
        var tokens = CollectionsMarshal.AsSpan(sequence.TokenIds);
        while (hashes.Count <= blockIndex)
        {
            var previous = hashes.Count == 0 ? UInt128.Zero : hashes[^1];
            hashes.Add(BlockHasher.Hash(previous, tokens.Slice(hashes.Count * BlockSize, BlockSize)));
        }
        return hashes[blockIndex];
    }
}

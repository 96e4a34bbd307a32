namespace SharpInfer.Engine.KvCache;

/// <summary>
/// All KV blocks: a free list in least-recently-freed order (its head is evicted first) and the prefix-cache
/// index from block hash to block. Allocation and release never allocate memory.
/// </summary>
internal sealed class BlockPool
{
    private readonly KvBlock[] _blocks;
    private readonly LinkedList<KvBlock> _free = new();
    private readonly Dictionary<UInt128, KvBlock> _cached = new();

    public BlockPool(int numBlocks)
    {
        _blocks = new KvBlock[numBlocks];
        for (var i = 0; i < numBlocks; i++)
        {
            _blocks[i] = new KvBlock(i);
            _free.AddLast(_blocks[i].FreeListNode);
        }
    }

    public int NumBlocks => _blocks.Length;
    public int NumFreeBlocks => _free.Count;
    public long Evictions { get; private set; }

    public IReadOnlyList<KvBlock> Blocks => _blocks;

    /// <summary>Takes the least recently freed block, evicting its cached contents.</summary>
    public KvBlock Allocate()
    {
        var block = _free.First?.Value ?? throw new InvalidOperationException("no free KV block (the caller must check NumFreeBlocks)");
        _free.RemoveFirst();
        if (block.Hash is { } hash)
        {
            _cached.Remove(hash);
            block.Hash = null;
            Evictions++;
        }
        block.RefCount = 1;
        return block;
    }

    /// <summary>Adds a reference to a block found in the prefix cache, taking it off the free list if needed.</summary>
    public void Touch(KvBlock block)
    {
        if (block.IsFree)
            _free.Remove(block.FreeListNode);
        block.RefCount++;
    }

    public void Release(KvBlock block)
    {
        if (block.RefCount <= 0)
            throw new InvalidOperationException($"{block} released more often than referenced");
        if (--block.RefCount == 0)
            _free.AddLast(block.FreeListNode);
    }

    public bool TryGetCached(UInt128 hash, out KvBlock block) => _cached.TryGetValue(hash, out block!);

    /// <summary>Publishes a full block under its hash; a block with the same contents already cached wins.</summary>
    public void Register(KvBlock block, UInt128 hash)
    {
        if (block.Hash is null && _cached.TryAdd(hash, block))
            block.Hash = hash;
    }
}

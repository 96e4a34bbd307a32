namespace SharpInfer.Engine.KvCache;

/// <summary>
/// One block of KV rows. Shared by every sequence whose block table holds it (reference counted); a free
/// block keeps its hash, and so its cached contents, until it is reused.
/// </summary>
internal sealed class KvBlock
{
    public KvBlock(int id)
    {
        Id = id;
        FreeListNode = new LinkedListNode<KvBlock>(this);
    }

    public int Id { get; }
    public int RefCount { get; set; }

    /// <summary>The chained hash of the tokens it holds, while it is in the prefix cache.</summary>
    public UInt128? Hash { get; set; }

    /// <summary>Its (preallocated) node in the pool's free list; <c>List</c> is non-null while free.</summary>
    public LinkedListNode<KvBlock> FreeListNode { get; }

    public bool IsFree => FreeListNode.List is not null;

    public override string ToString() => $"block {Id} (refs {RefCount}{(Hash is null ? "" : ", cached")})";
}

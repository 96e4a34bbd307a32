namespace SharpInfer.Models;

/// <summary>
/// A forward batch's positions and block tables copied into arrays (the attention workers run on other
/// threads and cannot hold the batch's spans), checked once against the cache.
/// </summary>
internal sealed class AttentionLayout
{
    private readonly int[] _sequenceIndex;
    private readonly int[] _blockTables;
    private readonly int _stride;
    private readonly int[] _sequenceLengths;

    private AttentionLayout(ForwardBatch batch, int blockSize)
    {
        Positions = batch.Positions.ToArray();
        _sequenceIndex = batch.SequenceIndex.ToArray();
        _blockTables = batch.BlockTables.ToArray();
        _stride = batch.BlockTableStride;
        BlockSize = blockSize;
        _sequenceLengths = new int[_stride == 0 ? 0 : _blockTables.Length / _stride];
    }

    public int[] Positions { get; }
    public int BlockSize { get; }

    /// <summary>The longest sequence any token attends over (scratch sizing).</summary>
    public int MaxLength { get; private set; }

    public static AttentionLayout Of(ForwardBatch batch, PagedKvCache cache)
    {
        var layout = new AttentionLayout(batch, cache.BlockSize);
        for (var i = 0; i < layout.Positions.Length; i++)
        {
            var sequence = layout._sequenceIndex[i];
            var position = layout.Positions[i];
            if ((uint)sequence >= (uint)layout._sequenceLengths.Length || position < 0 || position / cache.BlockSize >= layout._stride)
                throw new ArgumentException($"token {i} (position {position}, sequence {sequence}) has no block table entry");
            var block = layout._blockTables[sequence * layout._stride + position / cache.BlockSize];
            if ((uint)block >= (uint)cache.NumBlocks)
                throw new ArgumentException($"token {i}: block {block} is outside the cache's {cache.NumBlocks} blocks");
            layout._sequenceLengths[sequence] = Math.Max(layout._sequenceLengths[sequence], position + 1);
            layout.MaxLength = Math.Max(layout.MaxLength, position + 1);
        }
        return layout;
    }

    public ReadOnlySpan<int> BlockTable(int token) => _blockTables.AsSpan(_sequenceIndex[token] * _stride, _stride);

    /// <summary>The cache row token <paramref name="token"/>'s key and value go to.</summary>
    public int Slot(int token) => Kernels.Attention.Row(BlockTable(token), BlockSize, Positions[token]);

    /// <summary>The length of the token's sequence after this pass (dynamic RoPE scaling depends on it).</summary>
    public int SequenceLength(int token) => _sequenceLengths[_sequenceIndex[token]];
}

namespace SharpInfer.Models;

/// <summary>
/// A forward batch's positions and block tables copied into arrays (the attention workers run on other
/// threads and cannot hold the batch's spans), checked once against the cache. Each scratch owns one and
/// refills it every pass, growing its arrays only when a batch outgrows them, so a step allocates nothing.
/// </summary>
internal sealed class AttentionLayout
{
    private int[] _sequenceIndex = [];
    private int[] _blockTables = [];
    private int[] _sequenceLengths = [];
    private int[] _sequenceTokens = [];
    private int _stride;

    /// <summary>Token i's position at index i (the array may be longer than the batch).</summary>
    public int[] Positions { get; private set; } = [];

    public int BlockSize { get; private set; }

    /// <summary>The longest sequence any token attends over (scratch sizing).</summary>
    public int MaxLength { get; private set; }

    public void Fill(ForwardBatch batch, PagedKvCache cache)
    {
        var tokens = batch.NumTokens;
        Positions = Reuse(Positions, tokens);
        _sequenceIndex = Reuse(_sequenceIndex, tokens);
        _blockTables = Reuse(_blockTables, batch.BlockTables.Length);
        batch.Positions.CopyTo(Positions);
        batch.SequenceIndex.CopyTo(_sequenceIndex);
        batch.BlockTables.CopyTo(_blockTables);
        _stride = batch.BlockTableStride;
        BlockSize = cache.BlockSize;
        var sequences = _stride == 0 ? 0 : batch.BlockTables.Length / _stride;
        _sequenceLengths = Reuse(_sequenceLengths, sequences);
        _sequenceTokens = Reuse(_sequenceTokens, sequences);
        Array.Clear(_sequenceLengths, 0, sequences);
        Array.Clear(_sequenceTokens, 0, sequences);
        MaxLength = 0;
        for (var i = 0; i < tokens; i++)
        {
            var sequence = _sequenceIndex[i];
            var position = Positions[i];
            if ((uint)sequence >= (uint)sequences || position < 0 || position / cache.BlockSize >= _stride)
                throw new ArgumentException($"token {i} (position {position}, sequence {sequence}) has no block table entry");
            var block = _blockTables[sequence * _stride + position / cache.BlockSize];
            if ((uint)block >= (uint)cache.NumBlocks)
                throw new ArgumentException($"token {i}: block {block} is outside the cache's {cache.NumBlocks} blocks");
            _sequenceLengths[sequence] = Math.Max(_sequenceLengths[sequence], position + 1);
            _sequenceTokens[sequence]++;
            MaxLength = Math.Max(MaxLength, position + 1);
        }
    }

    public ReadOnlySpan<int> BlockTable(int token) => _blockTables.AsSpan(_sequenceIndex[token] * _stride, _stride);

    /// <summary>The cache row token <paramref name="token"/>'s key and value go to.</summary>
    public int Slot(int token) => Kernels.Attention.Row(BlockTable(token), BlockSize, Positions[token]);

    /// <summary>The length of the token's sequence after this pass (dynamic RoPE scaling depends on it).</summary>
    public int SequenceLength(int token) => _sequenceLengths[_sequenceIndex[token]];

    /// <summary>
    /// Cold for a sequence's only token in this pass (decode): its rows were written in earlier steps and the weights
    /// streamed since have evicted them. A prefill token's rows were just read by the token before it.
    /// </summary>
    public Kernels.CacheReads Reads(int token) =>
        _sequenceTokens[_sequenceIndex[token]] == 1 ? Kernels.CacheReads.Cold : Kernels.CacheReads.Warm;

    private static int[] Reuse(int[] array, int length) => array.Length >= length ? array : new int[length];
}

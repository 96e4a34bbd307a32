namespace SharpInfer.Models;

/// <summary>
/// The tokens one forward pass computes, from any number of sequences: ids, absolute positions, the
/// sequence each token belongs to (a row of <see cref="BlockTables"/>), and which tokens need logits.
/// A token at position p attends to positions 0..p of its own sequence, read through its block table.
/// </summary>
public readonly ref struct ForwardBatch
{
    public ForwardBatch(
        ReadOnlySpan<int> tokenIds, ReadOnlySpan<int> positions, ReadOnlySpan<int> sequenceIndex,
        ReadOnlySpan<int> blockTables, int blockTableStride, ReadOnlySpan<int> logitRows)
    {
        if (tokenIds.Length != positions.Length || tokenIds.Length != sequenceIndex.Length)
            throw new ArgumentException("Each token needs exactly one position and one sequence index.");
        TokenIds = tokenIds;
        Positions = positions;
        SequenceIndex = sequenceIndex;
        BlockTables = blockTables;
        BlockTableStride = blockTableStride;
        LogitRows = logitRows;
    }

    public ReadOnlySpan<int> TokenIds { get; }
    public ReadOnlySpan<int> Positions { get; }

    /// <summary>Per token, the row of <see cref="BlockTables"/> holding its sequence's blocks.</summary>
    public ReadOnlySpan<int> SequenceIndex { get; }

    /// <summary>[sequences, <see cref="BlockTableStride"/>] block ids, flattened.</summary>
    public ReadOnlySpan<int> BlockTables { get; }

    public int BlockTableStride { get; }

    /// <summary>Indices into <see cref="TokenIds"/> whose next-token logits are wanted, in output order.</summary>
    public ReadOnlySpan<int> LogitRows { get; }

    public int NumTokens => TokenIds.Length;

    public ReadOnlySpan<int> BlockTable(int sequence) => BlockTables.Slice(sequence * BlockTableStride, BlockTableStride);
}

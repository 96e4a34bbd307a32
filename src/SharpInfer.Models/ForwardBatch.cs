namespace SharpInfer.Models;

/// <summary>
/// The tokens one forward pass computes for a sequence: ids, their absolute positions, and which of them
/// need logits (e.g. only the last for generation, all for prompt log-probabilities).
/// </summary>
public readonly ref struct ForwardBatch
{
    public ForwardBatch(ReadOnlySpan<int> tokenIds, ReadOnlySpan<int> positions, ReadOnlySpan<int> logitRows)
    {
        if (tokenIds.Length != positions.Length)
            throw new ArgumentException("Each token needs exactly one position.");
        TokenIds = tokenIds;
        Positions = positions;
        LogitRows = logitRows;
    }

    public ReadOnlySpan<int> TokenIds { get; }
    public ReadOnlySpan<int> Positions { get; }

    /// <summary>Indices into <see cref="TokenIds"/> whose next-token logits are wanted, in output order.</summary>
    public ReadOnlySpan<int> LogitRows { get; }

    public int NumTokens => TokenIds.Length;
}

namespace SharpInfer.Models;

/// <summary>
/// Scratch for attention split by softmax chunk (<see cref="GroupedQueryAttention"/>): where each token's chunks start
/// in the item numbering, and every work item's unnormalized output, maximum and sum per head. Grown geometrically,
/// so a decode whose context keeps growing reallocates only a few times.
/// </summary>
internal sealed class AttentionPartials
{
    /// <summary>[T + 1]: token i's chunks are numbered ChunkStarts[i] .. ChunkStarts[i + 1] − 1.</summary>
    public int[] ChunkStarts { get; private set; } = [];

    /// <summary>[items, groupSize·headDim] per work item.</summary>
    public float[] Outputs { get; private set; } = [];

    /// <summary>[items, groupSize] each head's maximum score in its chunk.</summary>
    public float[] Max { get; private set; } = [];

    /// <summary>[items, groupSize] each head's Σ exp(score − maximum) in its chunk.</summary>
    public float[] Sum { get; private set; } = [];

    public void EnsureTokens(int tokens)
    {
        if (ChunkStarts.Length < tokens + 1)
            ChunkStarts = new int[tokens + 1];
    }

    public void EnsureItems(int items, int groupSize, int headDim)
    {
        if (Max.Length >= items * groupSize)
            return;
        var capacity = Math.Max(items, 2 * Max.Length / groupSize);
        Outputs = new float[capacity * groupSize * headDim];
        Max = new float[capacity * groupSize];
        Sum = new float[capacity * groupSize];
    }
}

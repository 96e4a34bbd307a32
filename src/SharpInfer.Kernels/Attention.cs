using System.Numerics.Tensors;

namespace SharpInfer.Kernels;

/// <summary>
/// Scaled dot-product attention of one query head over its sequence's cached keys and values, read
/// through a block table. The arithmetic order depends only on the query's own position, never on which
/// other sequences share the batch or how the prompt was chunked: that is what makes outputs batch-invariant.
/// </summary>
public static class Attention
{
    /// <param name="query">[headDim] query of one head.</param>
    /// <param name="keys">Key rows of all blocks; position j's key for this head starts at row(j)·stride + offset.</param>
    /// <param name="values">Value rows with the same layout as keys.</param>
    /// <param name="blockTable">The sequence's block ids: position j lives in row blockTable[j / blockSize]·blockSize + j % blockSize.</param>
    /// <param name="length">Number of positions attended (causal: up to and including the query's own).</param>
    /// <param name="scores">Scratch of at least <paramref name="length"/> floats.</param>
    /// <param name="output">[headDim] result.</param>
    public static void AttendPaged(
        ReadOnlySpan<float> query, ReadOnlySpan<float> keys, ReadOnlySpan<float> values,
        ReadOnlySpan<int> blockTable, int blockSize, int length, int stride, int offset, float scale,
        Span<float> scores, Span<float> output)
    {
        var headDim = query.Length;
        scores = scores[..length];
        for (var j = 0; j < length; j++)
            scores[j] = TensorPrimitives.Dot(query, keys.Slice(Row(blockTable, blockSize, j) * stride + offset, headDim)) * scale;
        Softmax.InPlace(scores);
        output = output[..headDim];
        output.Clear();
        for (var j = 0; j < length; j++)
            TensorPrimitives.MultiplyAdd(values.Slice(Row(blockTable, blockSize, j) * stride + offset, headDim), scores[j], output, output);
    }

    /// <summary>The cache row holding a sequence's position.</summary>
    public static int Row(ReadOnlySpan<int> blockTable, int blockSize, int position) =>
        blockTable[position / blockSize] * blockSize + position % blockSize;
}

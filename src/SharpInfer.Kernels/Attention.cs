using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SharpInfer.Kernels;

/// <summary>
/// Scaled dot-product attention of the query heads that share one key/value head (grouped-query attention)
/// over a sequence's cached keys and values, read through its block table. Flash-style: one cache block at a
/// time with an online softmax, so scratch is one block of scores and each key and value row is read once for
/// the whole group. The arithmetic order depends only on the query's position and the block size, never on
/// which other sequences share the batch or how the prompt was chunked: outputs are batch-invariant.
/// </summary>
public static class Attention
{
    /// <summary>Most query heads times block size one call keeps on the stack.</summary>
    private const int MaxScores = 16 * 1024;

    /// <param name="queries">[groupSize, headDim] queries of consecutive heads sharing one KV head.</param>
    /// <param name="keys">Cache rows (float32, or BF16 as ushort); position j's key for this KV head starts at row(j)·stride + offset.</param>
    /// <param name="values">Value rows with the same layout as keys.</param>
    /// <param name="blockTable">The sequence's block ids: position j lives in row blockTable[j / blockSize]·blockSize + j % blockSize.</param>
    /// <param name="length">Number of positions attended (causal: up to and including the query's own).</param>
    /// <param name="output">[groupSize, headDim] results.</param>
    public static void AttendPaged<T>(
        ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, ReadOnlySpan<T> values,
        ReadOnlySpan<int> blockTable, int blockSize, int length, int stride, int offset, float scale, Span<float> output)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(ushort))
            throw new ArgumentException("Attention: cache rows must be float32 or BF16 (ushort).");
        var headDim = queries.Length / groupSize;
        if (groupSize * blockSize > MaxScores)
            throw new ArgumentException($"Attention: {groupSize} heads × block size {blockSize} exceeds the {MaxScores} scores kept on the stack.");
        Span<float> scores = stackalloc float[groupSize * blockSize];
        Span<float> runningMax = stackalloc float[groupSize];
        Span<float> runningSum = stackalloc float[groupSize];
        Span<float> row = stackalloc float[headDim];
        runningMax.Fill(float.NegativeInfinity);
        runningSum.Clear();
        output = output[..(groupSize * headDim)];
        output.Clear();

        for (var blockStart = 0; blockStart < length; blockStart += blockSize)
        {
            var n = Math.Min(blockSize, length - blockStart);
            var firstRow = blockTable[blockStart / blockSize] * blockSize;
            for (var j = 0; j < n; j++)
            {
                var k = ReadRow(keys, (firstRow + j) * stride + offset, row);
                for (var h = 0; h < groupSize; h++)
                    scores[h * blockSize + j] = VectorMath.Dot(queries.Slice(h * headDim, headDim), k) * scale;
            }
            for (var h = 0; h < groupSize; h++)
            {
                var blockScores = scores.Slice(h * blockSize, n);
                var max = runningMax[h];
                foreach (var s in blockScores)
                    max = MathF.Max(max, s);
                // Rescale what earlier blocks accumulated to the new maximum (0 on the first block).
                var correction = MathF.Exp(runningMax[h] - max);
                var sum = runningSum[h] * correction;
                for (var j = 0; j < n; j++)
                {
                    var p = MathF.Exp(blockScores[j] - max);
                    blockScores[j] = p;
                    sum += p;
                }
                runningMax[h] = max;
                runningSum[h] = sum;
                VectorMath.Scale(output.Slice(h * headDim, headDim), correction);
            }
            for (var j = 0; j < n; j++)
            {
                var v = ReadRow(values, (firstRow + j) * stride + offset, row);
                for (var h = 0; h < groupSize; h++)
                    VectorMath.MultiplyAdd(v, scores[h * blockSize + j], output.Slice(h * headDim, headDim));
            }
        }
        for (var h = 0; h < groupSize; h++)
            VectorMath.Scale(output.Slice(h * headDim, headDim), 1f / runningSum[h]);
    }

    /// <summary>The cache row holding a sequence's position.</summary>
    public static int Row(ReadOnlySpan<int> blockTable, int blockSize, int position) =>
        blockTable[position / blockSize] * blockSize + position % blockSize;

    /// <summary>A cache row as float32: in place for a float32 cache, widened into <paramref name="scratch"/> for BF16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<float> ReadRow<T>(ReadOnlySpan<T> rows, int start, Span<float> scratch) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            return MemoryMarshal.Cast<T, float>(rows.Slice(start, scratch.Length));
        NumberConversions.Bf16ToF32(MemoryMarshal.Cast<T, ushort>(rows.Slice(start, scratch.Length)), scratch);
        return scratch;
    }
}

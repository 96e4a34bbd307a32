using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels;

/// <summary>
/// Scaled dot-product attention of the query heads that share one key/value head (grouped-query attention)
/// over a sequence's cached keys and values, read through its block table. Flash-style: a softmax over fixed
/// chunks of positions (<see cref="ChunkPositions"/>) folded in order, so scratch stays bounded, each key and
/// value row is read once for the whole group, and one sequence's chunks can run on several cores. The
/// arithmetic order depends only on the query's position and the block size, never on which other sequences
/// share the batch, how the prompt was chunked or which core ran which chunk: outputs are batch-invariant.
/// </summary>
public static class Attention
{
    /// <summary>Most scores one call keeps on the stack (64 KB); larger groups rent their scratch.</summary>
    private const int MaxStackScores = 16 * 1024;

    /// <summary>Most floats of a chunk's partial output kept on the stack; larger groups rent it.</summary>
    private const int MaxStackPartial = 4 * 1024;

    /// <summary>
    /// Value rows every head of a group accumulates before the next rows are read (8 KB at head dim 128), and the rows of
    /// an F16 tile widened at once.
    /// </summary>
    private const int TileRows = 16;

    /// <summary>
    /// Positions per softmax chunk (rounded down to whole blocks, see <see cref="ChunkLength"/>). Each chunk is
    /// attended on its own: all scores, then one maximum, exp and sum per head, then the values; the chunks are then
    /// folded in position order (<see cref="MergeChunk"/>). Fixed, so a head's bits never depend on the group size,
    /// the batch, or whether a sequence's chunks ran on one core or several; short enough that one sequence's decode
    /// splits across cores from a few hundred positions on.
    /// </summary>
    public const int ChunkPositions = 256;

    /// <summary>Positions in one softmax chunk for a cache of <paramref name="blockSize"/>-token blocks.</summary>
    public static int ChunkLength(int blockSize) => Math.Max(1, ChunkPositions / blockSize) * blockSize;

    /// <param name="queries">[groupSize, headDim] queries of consecutive heads sharing one KV head.</param>
    /// <param name="keys">Cache rows (float32, BF16 as ushort, or F16); position j's key for this KV head starts at row(j)·stride + offset.</param>
    /// <param name="values">Value rows with the same layout as keys.</param>
    /// <param name="blockTable">The sequence's block ids: position j lives in row blockTable[j / blockSize]·blockSize + j % blockSize.</param>
    /// <param name="length">Number of positions attended (causal: up to and including the query's own).</param>
    /// <param name="output">[groupSize, headDim] results.</param>
    /// <param name="reads">Whether the rows are likely still cached; a hint that changes no bits.</param>
    public static void AttendPaged<T>(
        ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, ReadOnlySpan<T> values,
        ReadOnlySpan<int> blockTable, int blockSize, int length, int stride, int offset, float scale, Span<float> output,
        CacheReads reads = CacheReads.Warm)
        where T : unmanaged =>
        AttendPaged(queries, groupSize, keys, values, blockTable, blockSize, length, stride, offset, scale, output, reads, GroupTiles512.IsSupported);

    /// <param name="grouped">Whether to run <see cref="GroupTiles512"/> (false: the portable per-head kernels, for tests).</param>
    [SkipLocalsInit]
    internal static void AttendPaged<T>(
        ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, ReadOnlySpan<T> values,
        ReadOnlySpan<int> blockTable, int blockSize, int length, int stride, int offset, float scale, Span<float> output,
        CacheReads reads, bool grouped)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var chunk = ChunkLength(blockSize);
        output = output[..queries.Length];
        Span<float> max = stackalloc float[groupSize];
        Span<float> sum = stackalloc float[groupSize];
        AttendChunk(queries, groupSize, keys, values, blockTable, blockSize, 0, Math.Min(length, chunk), stride, offset, scale, output, max, sum, reads, grouped);
        if (length > chunk)
        {
            var width = queries.Length;
            float[]? rented = null;
            var partial = width <= MaxStackPartial ? stackalloc float[width] : (rented = ArrayPool<float>.Shared.Rent(width)).AsSpan(0, width);
            Span<float> partialMax = stackalloc float[groupSize];
            Span<float> partialSum = stackalloc float[groupSize];
            for (var first = chunk; first < length; first += chunk)
            {
                AttendChunk(queries, groupSize, keys, values, blockTable, blockSize, first, Math.Min(length, first + chunk), stride, offset, scale,
                    partial, partialMax, partialSum, reads, grouped);
                MergeChunk(output, max, sum, partial, partialMax, partialSum);
            }
            if (rented != null)
                ArrayPool<float>.Shared.Return(rented);
        }
        Normalize(output, sum);
    }

    /// <summary>
    /// One chunk of <see cref="AttendPaged{T}"/>: positions [<paramref name="first"/>, <paramref name="end"/>), where
    /// <paramref name="first"/> is a multiple of <see cref="ChunkLength"/>. Writes each head's unnormalized output
    /// Σ_j exp(s_j − max)·v_j, its maximum score and its Σ_j exp(s_j − max), for <see cref="MergeChunk"/> and
    /// <see cref="Normalize"/>.
    /// </summary>
    public static void AttendChunk<T>(
        ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, ReadOnlySpan<T> values, ReadOnlySpan<int> blockTable, int blockSize,
        int first, int end, int stride, int offset, float scale, Span<float> output, Span<float> max, Span<float> sum,
        CacheReads reads = CacheReads.Warm)
        where T : unmanaged =>
        AttendChunk(queries, groupSize, keys, values, blockTable, blockSize, first, end, stride, offset, scale, output, max, sum, reads,
            GroupTiles512.IsSupported);

    // Not tiered: dynamic PGO's recompile of the F16 instantiation ran its decode ~2× slower.
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AttendChunk<T>(
        ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, ReadOnlySpan<T> values, ReadOnlySpan<int> blockTable, int blockSize,
        int first, int end, int stride, int offset, float scale, Span<float> output, Span<float> max, Span<float> sum,
        CacheReads reads, bool grouped)
        where T : unmanaged
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(ushort) && typeof(T) != typeof(Half))
            throw new ArgumentException("Attention: cache rows must be float32, BF16 (ushort) or F16 (Half).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var chunk = ChunkLength(blockSize);
        if (first % chunk != 0 || end <= first || end - first > chunk)
            throw new ArgumentOutOfRangeException(nameof(first), $"Attention: [{first}, {end}) is not within one chunk of {chunk} positions");
        var headDim = queries.Length / groupSize;
        // Each block's scores are padded to whole vectors, so exp and the score kernels always run vectorized.
        var blockStride = (blockSize + 15) & ~15;
        var blocks = (end - first + blockSize - 1) / blockSize;
        var rowStride = blocks * blockStride;
        float[]? rented = null;
        var scores = groupSize * rowStride <= MaxStackScores
            ? stackalloc float[groupSize * rowStride]
            : (rented = ArrayPool<float>.Shared.Rent(groupSize * rowStride)).AsSpan(0, groupSize * rowStride);
        output = output[..(groupSize * headDim)];
        output.Clear();
        // AVX-512 reads each row once for every head of the group. Elsewhere, F16 rows are widened a tile at a time, once
        // for the whole group, and attended as float32 rows.
        Span<float> tile = typeof(T) == typeof(Half) && !grouped ? stackalloc float[TileRows * headDim] : default;

        // By decode's turn to attend, a layer's cache rows have been pushed out by the weights streamed since; read
        // with no hint, each head's few lines per row arrive one miss at a time. So every block asks for the next
        // block's keys and its own values ahead of use (SmolLM2-135M decode, paired runs: −2% step time at 128–192
        // positions, −4.5% at 448–512). Prefill's rows are warm, and the hints alone cost it ~3%.
        var prefetch = reads == CacheReads.Cold;
        if (prefetch)
            PrefetchBlock(keys, blockTable, blockSize, first, end, stride, offset, headDim);
        for (var b = 0; b < blocks; b++)
        {
            var blockStart = first + b * blockSize;
            var n = Math.Min(blockSize, end - blockStart);
            var firstRow = blockTable[blockStart / blockSize] * blockSize;
            if (prefetch)
            {
                if (b + 1 < blocks)
                    PrefetchBlock(keys, blockTable, blockSize, blockStart + blockSize, end, stride, offset, headDim);
                PrefetchBlock(values, blockTable, blockSize, blockStart, end, stride, offset, headDim);
            }
            if (grouped)
            {
                for (var j0 = 0; j0 < n; j0 += TileRows)
                {
                    GroupTiles512.Scores(queries, groupSize, keys, (firstRow + j0) * stride + offset, stride, Math.Min(TileRows, n - j0), scale,
                        scores[(b * blockStride + j0)..], rowStride);
                }
            }
            else if (typeof(T) == typeof(Half))
                ScoreHalfBlock(queries, groupSize, MemoryMarshal.Cast<T, Half>(keys), firstRow * stride + offset, stride, n, scale, scores[(b * blockStride)..], rowStride, tile);
            else
                ScoreBlock(queries, groupSize, keys, firstRow * stride + offset, stride, n, scale, scores[(b * blockStride)..], rowStride);
            // Slots past the block's last position weigh nothing.
            if (n < blockStride)
                for (var h = 0; h < groupSize; h++)
                    scores.Slice(h * rowStride + b * blockStride + n, blockStride - n).Fill(float.NegativeInfinity);
        }
        for (var h = 0; h < groupSize; h++)
        {
            var row = scores.Slice(h * rowStride, rowStride);
            max[h] = TensorPrimitives.Max(row);
            VectorMath.ExpShifted(row, row.Length, max[h]);
            sum[h] = VectorMath.Sum(row);
        }
        for (var b = 0; b < blocks; b++)
        {
            var blockStart = first + b * blockSize;
            var n = Math.Min(blockSize, end - blockStart);
            var firstRow = blockTable[blockStart / blockSize] * blockSize;
            // A few value rows at a time for every head, so they are read from L1 rather than once per head from
            // L2. Each head's accumulator resumes where it stopped, so the sums are the same as in one pass.
            for (var j0 = 0; j0 < n; j0 += TileRows)
            {
                var rows = Math.Min(TileRows, n - j0);
                if (grouped)
                {
                    GroupTiles512.AccumulateValues(values, (firstRow + j0) * stride + offset, stride, rows, scores[(b * blockStride + j0)..], rowStride,
                        groupSize, output);
                    continue;
                }
                if (typeof(T) == typeof(Half))
                    HalfRows.ToF32(MemoryMarshal.Cast<T, Half>(values), (firstRow + j0) * stride + offset, stride, rows, headDim, tile);
                for (var h = 0; h < groupSize; h++)
                {
                    var weights = scores.Slice(h * rowStride + b * blockStride + j0, rows);
                    if (typeof(T) == typeof(Half))
                        AccumulateValues<float>(tile, 0, headDim, weights, output.Slice(h * headDim, headDim));
                    else
                        AccumulateValues(values, (firstRow + j0) * stride + offset, stride, weights, output.Slice(h * headDim, headDim));
                }
            }
        }
        if (rented != null)
            ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Prefetches one KV head's rows of the block starting at <paramref name="blockStart"/>, up to <paramref name="end"/>.</summary>
    private static void PrefetchBlock<T>(ReadOnlySpan<T> rows, ReadOnlySpan<int> blockTable, int blockSize, int blockStart, int end,
        int stride, int offset, int headDim)
        where T : unmanaged =>
        CacheHint.PrefetchRows(rows, Row(blockTable, blockSize, blockStart) * stride + offset, stride, Math.Min(blockSize, end - blockStart), headDim);

    /// <summary>
    /// Folds the next chunk's partial (<see cref="AttendChunk"/>) into the running one, per head:
    /// m = max(m, m'), output = output·e^(m_old − m) + partial·e^(m' − m), and the sums alike. Chunks are folded in
    /// position order, whether they ran one after another or in parallel, so the result is the same bits.
    /// </summary>
    public static void MergeChunk(Span<float> output, Span<float> max, Span<float> sum, ReadOnlySpan<float> partial, ReadOnlySpan<float> partialMax, ReadOnlySpan<float> partialSum)
    {
        var headDim = output.Length / max.Length;
        for (var h = 0; h < max.Length; h++)
        {
            var m = MathF.Max(max[h], partialMax[h]);
            var keep = MathF.Exp(max[h] - m);
            var add = MathF.Exp(partialMax[h] - m);
            max[h] = m;
            sum[h] = MathF.FusedMultiplyAdd(partialSum[h], add, sum[h] * keep);
            var head = output.Slice(h * headDim, headDim);
            VectorMath.Scale(head, keep);
            TensorPrimitives.FusedMultiplyAdd(partial.Slice(h * headDim, headDim), add, head, head);
        }
    }

    /// <summary>Divides each head's folded output by its softmax sum: the attention result.</summary>
    public static void Normalize(Span<float> output, ReadOnlySpan<float> sum)
    {
        var headDim = output.Length / sum.Length;
        for (var h = 0; h < sum.Length; h++)
            VectorMath.Scale(output.Slice(h * headDim, headDim), 1f / sum[h]);
    }

    /// <summary>The cache row holding a sequence's position.</summary>
    public static int Row(ReadOnlySpan<int> blockTable, int blockSize, int position) =>
        blockTable[position / blockSize] * blockSize + position % blockSize;

    /// <summary>
    /// scores[h, j] = scale · (q_h · key_j) for the block's n keys; each dot is 16-lane fused multiply-adds in index
    /// order, the lanes summed, then the tail in order. Bounds are checked once here, not per element.
    /// </summary>
    private static void ScoreBlock<T>(ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<T> keys, int start, int stride, int n,
        float scale, Span<float> scores, int scoreStride) where T : unmanaged
    {
        var headDim = queries.Length / groupSize;
        _ = keys[start + (n - 1) * stride + headDim - 1];
        _ = scores[(groupSize - 1) * scoreStride + n - 1];
        ref var qr = ref MemoryMarshal.GetReference(queries);
        ref var sr = ref MemoryMarshal.GetReference(scores);
        var vectorEnd = headDim & ~15;
        if (Avx2AttentionScores.IsSupported && vectorEnd > 0)
        {
            Avx2AttentionScores.ScoreBlock8(queries, groupSize, keys, start, stride, n, scale, scores, scoreStride);
            return;
        }
        for (var j = 0; j < n; j++)
        {
            var row = start + j * stride;
            for (var h = 0; h < groupSize; h++)
            {
                ref var q = ref Unsafe.Add(ref qr, h * headDim);
                var sum = 0f;
                if (vectorEnd > 0)
                {
                    var acc = Vector512<float>.Zero;
                    for (var i = 0; i < vectorEnd; i += 16)
                        acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref q, (nuint)i), CacheLanes.Load16(keys, row + i), acc);
                    sum = Vector512.Sum(acc);
                }
                for (var i = vectorEnd; i < headDim; i++)
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref q, i), CacheLanes.Element(keys, row + i), sum);
                Unsafe.Add(ref sr, h * scoreStride + j) = sum * scale;
            }
        }
    }

    /// <summary>
    /// <see cref="ScoreBlock"/> over F16 keys: each tile of up to sixteen rows widened into <paramref name="tile"/>, then
    /// scored as float32 rows. A key's score does not depend on the keys scored with it, so the bits are those of a
    /// float32 cache holding the same values.
    /// </summary>
    private static void ScoreHalfBlock(ReadOnlySpan<float> queries, int groupSize, ReadOnlySpan<Half> keys, int start, int stride, int n,
        float scale, Span<float> scores, int scoreStride, Span<float> tile)
    {
        var headDim = queries.Length / groupSize;
        for (var j0 = 0; j0 < n; j0 += TileRows)
        {
            var rows = Math.Min(TileRows, n - j0);
            HalfRows.ToF32(keys, start + j0 * stride, stride, rows, headDim, tile);
            ScoreBlock<float>(queries, groupSize, tile, 0, headDim, rows, scale, scores[j0..], scoreStride);
        }
    }

    /// <summary>
    /// accumulator += Σ_j p[j] · row_j over one block, each element summed in position order with one rounding per
    /// term. Four 16-lane slices of the accumulator stay in registers for the whole block as four independent
    /// chains, so the loop runs at FMA throughput rather than latency (per element the order is unchanged).
    /// </summary>
    private static void AccumulateValues<T>(ReadOnlySpan<T> rows, int start, int stride, ReadOnlySpan<float> p, Span<float> accumulator) where T : unmanaged
    {
        var n = accumulator.Length;
        _ = rows[start + (p.Length - 1) * stride + n - 1];
        ref var ar = ref MemoryMarshal.GetReference(accumulator);
        ref var pr = ref MemoryMarshal.GetReference(p);
        var c = 0;
        for (; c <= n - 64; c += 64)
        {
            var a0 = Vector512.LoadUnsafe(ref ar, (nuint)c);
            var a1 = Vector512.LoadUnsafe(ref ar, (nuint)c + 16);
            var a2 = Vector512.LoadUnsafe(ref ar, (nuint)c + 32);
            var a3 = Vector512.LoadUnsafe(ref ar, (nuint)c + 48);
            for (var j = 0; j < p.Length; j++)
            {
                var weight = Vector512.Create(Unsafe.Add(ref pr, j));
                var row = start + j * stride + c;
                a0 = Vector512.FusedMultiplyAdd(CacheLanes.Load16(rows, row), weight, a0);
                a1 = Vector512.FusedMultiplyAdd(CacheLanes.Load16(rows, row + 16), weight, a1);
                a2 = Vector512.FusedMultiplyAdd(CacheLanes.Load16(rows, row + 32), weight, a2);
                a3 = Vector512.FusedMultiplyAdd(CacheLanes.Load16(rows, row + 48), weight, a3);
            }
            a0.StoreUnsafe(ref ar, (nuint)c);
            a1.StoreUnsafe(ref ar, (nuint)c + 16);
            a2.StoreUnsafe(ref ar, (nuint)c + 32);
            a3.StoreUnsafe(ref ar, (nuint)c + 48);
        }
        for (; c <= n - 16; c += 16)
        {
            var acc = Vector512.LoadUnsafe(ref ar, (nuint)c);
            for (var j = 0; j < p.Length; j++)
                acc = Vector512.FusedMultiplyAdd(CacheLanes.Load16(rows, start + j * stride + c), Vector512.Create(Unsafe.Add(ref pr, j)), acc);
            acc.StoreUnsafe(ref ar, (nuint)c);
        }
        for (; c < n; c++)
        {
            var acc = accumulator[c];
            for (var j = 0; j < p.Length; j++)
                acc = MathF.FusedMultiplyAdd(CacheLanes.Element(rows, start + j * stride + c), p[j], acc);
            accumulator[c] = acc;
        }
    }
}

using System.Buffers;
using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// y = x · Wᵀ (+ bias) for a W8A8 matrix: each token row is quantized to int8 (per token, or with the
/// static scale), then every output is one exact int32 dot product, scaled. The integer part does not
/// depend on the batch, so results are batch-invariant.
/// </summary>
public static unsafe class Int8Linear
{
    /// <summary>
    /// Matrices stacked by rows (q, k, v): each part fills its columns of each output row with the bits it would
    /// give alone. Parts with the same activation quantization (all dynamic, or the same static scale) share
    /// one quantized input and one parallel pass; others run one after another.
    /// </summary>
    public static void ForwardStacked(ReadOnlySpan<float> x, int tokens, IReadOnlyList<Int8Matrix> parts, ReadOnlySpan<float> bias, Span<float> y)
    {
        // An index loop: foreach over the interface allocated an enumerator on every call of the step loop.
        var rows = 0;
        for (var p = 0; p < parts.Count; p++)
            rows += parts[p].Rows;
        var cols = parts[0].Cols;
        if (x.Length < tokens * cols || y.Length < tokens * rows || (!bias.IsEmpty && bias.Length != rows))
            throw new ArgumentException("Int8Linear.ForwardStacked: buffer sizes do not match the weight shape.");
        var first = 0;
        var firstRow = 0;
        while (first < parts.Count)
        {
            var last = first + 1;
            while (last < parts.Count && parts[last].Activation == parts[first].Activation)
                last++;
            firstRow += RunGroup(x, tokens, parts, first, last, firstRow, bias, y, rows);
            first = last;
        }
    }

    /// <summary>Parts [first, last) from output column firstRow on; returns how many rows they have.</summary>
    private static int RunGroup(ReadOnlySpan<float> x, int tokens, IReadOnlyList<Int8Matrix> parts, int first, int last, int firstRow,
        ReadOnlySpan<float> bias, Span<float> y, int rows)
    {
        var w = parts[first];
        var groupRows = 0;
        for (var p = first; p < last; p++)
        {
            parts[p].Observer?.Invoke(x[..(tokens * w.Cols)]);
            groupRows += parts[p].Rows;
        }
        var quantized = ArrayPool<byte>.Shared.Rent(tokens * w.Stride);
        var tokenScales = ArrayPool<float>.Shared.Rent(tokens);
        try
        {
            QuantizeTokens(x, tokens, w, quantized, tokenScales, reference: false);
            fixed (byte* xq = quantized)
            fixed (float* yp = y, bp = bias, ts = tokenScales)
            {
                var job = new Job(xq, ts, tokens, parts, first, last, firstRow, bp, yp, rows);
                var work = (long)w.Stride * Math.Max(tokens, 1);
                ParallelRows.For(groupRows, (int)Math.Clamp(131072 / work, 1, Math.Max(groupRows, 1)), ref job);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(quantized);
            ArrayPool<float>.Shared.Return(tokenScales);
        }
        return groupRows;
    }

    /// <summary>The reference: the same quantization, then scalar integer dot products.</summary>
    internal static void ForwardScalar(ReadOnlySpan<float> x, int tokens, Int8Matrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        var quantized = new byte[tokens * w.Stride];
        var tokenScales = new float[tokens];
        var row = new sbyte[w.Stride];
        QuantizeTokens(x, tokens, w, quantized, tokenScales, reference: true);
        fixed (byte* xq = quantized)
        fixed (sbyte* wp = row)
        {
            for (var r = 0; r < w.Rows; r++)
            {
                w.CopyRow(r, row);
                for (var t = 0; t < tokens; t++)
                {
                    var dot = Int8Dot.Scalar(xq + (long)t * w.Stride, wp, w.Stride);
                    y[t * w.Rows + r] = tokenScales[t] * w.OutputScales[r] * (dot - w.Offsets[r]) + (bias.IsEmpty ? 0f : bias[r]);
                }
            }
        }
    }

    private static void QuantizeTokens(ReadOnlySpan<float> x, int tokens, Int8Matrix w, byte[] quantized, float[] tokenScales, bool reference)
    {
        for (var t = 0; t < tokens; t++)
        {
            var row = x.Slice(t * w.Cols, w.Cols);
            var target = quantized.AsSpan(t * w.Stride, w.Stride);
            if (w.Activation.IsDynamic)
            {
                tokenScales[t] = reference ? ActivationQuantizer.DynamicScalar(row, target) : ActivationQuantizer.Dynamic(row, target);
            }
            else
            {
                ActivationQuantizer.Static(row, w.Activation.Scale, w.Activation.ZeroPoint, target);
                tokenScales[t] = 1f;
            }
        }
    }

    /// <summary>Groups per <see cref="Int8TileKernels.DecodeSums"/> call: its sums fill 256 bytes of stack.</summary>
    private const int DecodeGroupsPerCall = 16;

    /// <summary>Rows [0, group rows) of parts [first, last), written at output columns firstRow + row.</summary>
    private readonly struct Job(byte* xq, float* tokenScales, int tokens, IReadOnlyList<Int8Matrix> parts, int first, int last, int firstRow, float* bias, float* y, int rows) : IRowRangeBody
    {
        public void Run(int rowStart, int rowEnd)
        {
            var partStart = 0;
            for (var p = first; p < last && rowStart < rowEnd; p++)
            {
                var w = parts[p];
                var start = Math.Max(rowStart, partStart) - partStart;
                var end = Math.Min(rowEnd, partStart + w.Rows) - partStart;
                var column = firstRow + partStart;
                RunPart(w, start, end, column);
                partStart += w.Rows;
            }
        }

        /// <summary>
        /// Rows [start, end) of one part. One token on AVX-VNNI: whole groups of four rows through
        /// <see cref="Int8TileKernels.DecodeSums"/>, and the rows of a group a chunk boundary cuts (ParallelRows splits
        /// anywhere) through the tiles. Otherwise all in tiles (<see cref="RunTiles"/>).
        /// </summary>
        private void RunPart(Int8Matrix w, int start, int end, int column)
        {
            var sums = stackalloc int[4 * DecodeGroupsPerCall];
            // Dynamic scales are absmax/127, so every q lies within ±127.
            var within127 = w.Activation.IsDynamic;
            var offsets = Int8TileKernels.SumsSignedValues(within127) ? w.SignedOffsets : w.Offsets;
            if (tokens != 1 || !Int8TileKernels.HasDecodeSums)
            {
                RunTiles(w, start, end, column, within127, offsets, sums);
                return;
            }
            var firstWhole = Math.Min(end, (start + Int8Layout.GroupRows - 1) / Int8Layout.GroupRows * Int8Layout.GroupRows);
            var endWhole = Math.Max(firstWhole, end / Int8Layout.GroupRows * Int8Layout.GroupRows);
            RunTiles(w, start, firstWhole, column, within127, offsets, sums);
            for (var r = firstWhole; r < endWhole; r += 4 * DecodeGroupsPerCall)
            {
                var groups = Math.Min(DecodeGroupsPerCall, (endWhole - r) / Int8Layout.GroupRows);
                Int8TileKernels.DecodeSums(w.WeightsPointer + Int8Layout.RowStart(r, w.Stride), groups, xq, w.Stride, sums);
                StoreRows(w, offsets, sums, r, 4 * groups, column);
            }
            RunTiles(w, endWhole, end, column, within127, offsets, sums);
        }

        /// <summary>
        /// Rows [start, end) in tiles: four rows against one token (decode), else four rows (two where AVX2 has only 16
        /// registers) against up to four tokens, so each load serves several products; a tile stays within its group of
        /// four rows (<see cref="Int8Layout"/>). Tokens go in blocks of ~128 KB of activations, which stay in L2 while
        /// every tile of the rows passes over them.
        /// </summary>
        private void RunTiles(Int8Matrix w, int start, int end, int column, bool within127, int[] offsets, int* sums)
        {
            var rowTile = tokens == 1 || Int8TileKernels.FourRowsBySeveralTokensFit ? 4 : 2;
            var tokenBlock = Math.Max(4, 131072 / w.Stride / 4 * 4);
            for (var block = 0; block < tokens; block += tokenBlock)
            {
                var blockEnd = Math.Min(tokens, block + tokenBlock);
                for (var r = start; r < end;)
                {
                    var rowCount = Math.Min(Math.Min(rowTile, Int8Layout.RowsLeftInGroup(r)), end - r);
                    var weights = w.WeightsPointer + Int8Layout.RowStart(r, w.Stride);
                    for (var t = block; t < blockEnd; t += 4)
                    {
                        var tokenCount = Math.Min(4, blockEnd - t);
                        Int8TileKernels.Sums(within127, rowCount, tokenCount, weights, xq + (long)t * w.Stride, w.Stride, sums);
                        if (rowCount == 4)
                        {
                            for (var i = 0; i < tokenCount; i++)
                                StoreFourRows(w, offsets, sums + i * 4, t + i, r, column);
                            continue;
                        }
                        for (var i = 0; i < tokenCount; i++)
                            for (var j = 0; j < rowCount; j++)
                                y[(long)(t + i) * rows + column + r + j] =
                                    tokenScales[t + i] * w.OutputScales[r + j] * (sums[i * 4 + j] - offsets[r + j]) + (bias is null ? 0f : bias[column + r + j]);
                    }
                    r += rowCount;
                }
            }
        }

        /// <summary>
        /// Rows [r, r + count) of one token (decode) from their sums: <see cref="StoreFourRows"/>'s arithmetic sixteen
        /// lanes at a time where AVX-512 runs (Qwen2.5-0.5B's int8 layers streamed 2–3% faster than group by group).
        /// </summary>
        private void StoreRows(Int8Matrix w, int[] offsets, int* sums, int r, int count, int column)
        {
            var i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var tokenScale = Vector512.Create(tokenScales[0]);
                fixed (int* rowOffsets = offsets)
                fixed (float* outputScales = w.OutputScales)
                {
                    for (; i + 16 <= count; i += 16)
                    {
                        var differences = Vector512.ConvertToSingle(Vector512.Load(sums + i) - Vector512.Load(rowOffsets + r + i));
                        var values = tokenScale * Vector512.Load(outputScales + r + i) * differences;
                        var biases = bias is null ? Vector512<float>.Zero : Vector512.Load(bias + column + r + i);
                        (values + biases).Store(y + column + r + i);
                    }
                }
            }
            for (; i < count; i += 4)
                StoreFourRows(w, offsets, sums + i, 0, r + i, column);
        }

        /// <summary>A four-row tile's outputs for one token: the scalar epilogue's arithmetic, in the same order, four lanes at once.</summary>
        private void StoreFourRows(Int8Matrix w, int[] offsets, int* sums, int t, int r, int column)
        {
            var differences = Vector128.ConvertToSingle(Vector128.Load(sums) - Vector128.Create<int>(offsets.AsSpan(r, 4)));
            var values = Vector128.Create(tokenScales[t]) * Vector128.Create<float>(w.OutputScales.AsSpan(r, 4)) * differences;
            var biases = bias is null ? Vector128<float>.Zero : Vector128.Load(bias + column + r);
            (values + biases).Store(y + (long)t * rows + column + r);
        }
    }
}

using System.Buffers;
using System.Numerics.Tensors;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels;

/// <summary>
/// y = x · Wᵀ (+ bias) for a batch of token rows over a packed <see cref="WeightMatrix"/>. Each output is
/// accumulated in input-column order with one fused multiply-add per column whatever the batch size or
/// vector width (see <see cref="PanelKernels"/>), which keeps results batch-invariant.
/// </summary>
public static unsafe class Linear
{
    /// <param name="x">[tokens, w.Cols] activations.</param>
    /// <param name="bias">[w.Rows] or empty.</param>
    /// <param name="y">[tokens, w.Rows] output.</param>
    public static void Forward(ReadOnlySpan<float> x, int tokens, WeightMatrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (x.Length < tokens * w.Cols || y.Length < tokens * w.Rows || (!bias.IsEmpty && bias.Length != w.Rows))
            throw new ArgumentException("Linear.Forward: buffer sizes do not match the weight shape.");
        if (w.Int8Parts is { } parts)
        {
            Int8Linear.ForwardStacked(x, tokens, parts, bias, y);
            return;
        }
        if (PanelDispatch.Width == PanelDispatch.LaneWidth.Scalar)
        {
            ForwardScalar(x, tokens, w, bias, y);
            return;
        }
        fixed (float* xp = x, yp = y, bp = bias)
        {
            // Work is split in units of whole panel groups, so decode's four-panel (AVX-512) or two-panel kernel runs on
            // every full group rather than leaving a single panel at the end of each chunk.
            var panelsPerUnit = tokens != 1 ? 1 : PanelDispatch.Width == PanelDispatch.LaneWidth.Avx512 ? 4 : 2;
            var job = new LinearJob(xp, tokens, w, bp, yp, panelsPerUnit);
            var units = (w.NumPanels + panelsPerUnit - 1) / panelsPerUnit;
            ParallelRows.For(units, Math.Max(1, PanelsPerChunk(w, tokens) / panelsPerUnit), ref job);
        }
    }

    /// <summary>
    /// The reference: per output, one fused multiply-add per input column in order, then the bias. Also the path of machines
    /// without vector hardware, so its row buffer is pooled: a decode step allocates nothing there either.
    /// </summary>
    internal static void ForwardScalar(ReadOnlySpan<float> x, int tokens, WeightMatrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        var rented = ArrayPool<float>.Shared.Rent(w.Cols);
        var row = rented.AsSpan(0, w.Cols);
        for (var r = 0; r < w.Rows; r++)
        {
            w.ReadRow(r, row);
            for (var t = 0; t < tokens; t++)
            {
                var sum = 0f;
                for (var k = 0; k < w.Cols; k++)
                    sum = MathF.FusedMultiplyAdd(row[k], x[t * w.Cols + k], sum);
                y[t * w.Rows + r] = sum + (bias.IsEmpty ? 0f : bias[r]);
            }
        }
        ArrayPool<float>.Shared.Return(rented);
    }

    internal static int PanelsPerChunk(WeightMatrix w, int tokens)
    {
        // Aim for chunks of at least ~64K multiply-adds so scheduling overhead stays small.
        var workPerPanel = (long)w.Cols * WeightMatrix.PanelRows * Math.Max(tokens, 1);
        return (int)Math.Clamp(65536 / workPerPanel, 1, w.NumPanels);
    }

    private readonly struct LinearJob(float* x, int tokens, WeightMatrix w, float* bias, float* y, int panelsPerUnit) : IRowRangeBody, IPanelJob
    {
        public void Run(int unitStart, int unitEnd) =>
            PanelDispatch.Run(this, w.IsBf16, unitStart * panelsPerUnit, Math.Min(unitEnd * panelsPerUnit, w.NumPanels));

        public void Run<TLanes, TPanel>(int panelStart, int panelEnd)
            where TLanes : struct, ILanes<TLanes>
            where TPanel : struct, IPanelFormat
        {
            const int rows = WeightMatrix.PanelRows;
            var cols = w.Cols;
            var panelBytes = w.PanelStride * 4;
            // A panel whose rows run past the matrix's end writes into this first, then copies the valid rows.
            var partial = stackalloc float[12 * rows];
            for (var p = panelStart; p < panelEnd; p++)
            {
                var panel = w.Data + (nint)(p * panelBytes);
                var firstRow = p * rows;
                var validRows = Math.Min(rows, w.Rows - firstRow);
                // Multi-token kernels pull the next panel into the cache while this one computes, so each pass
                // finds its weights already close instead of waiting on memory.
                var nextPanel = p + 1 < w.NumPanels ? panel + (nint)panelBytes : panel;
                var t = 0;
                // Whole panels against twelve tokens need 24 accumulators: only 32-register machines.
                if (typeof(TLanes) == typeof(Lanes512))
                {
                    while (t + 12 <= tokens)
                        t += Wide<TPanel, TileCount.Twelve>(panel, nextPanel, t, firstRow, validRows, partial);
                    if (t + 8 <= tokens)
                        t += Wide<TPanel, TileCount.Eight>(panel, nextPanel, t, firstRow, validRows, partial);
                    if (t + 4 <= tokens)
                        t += Wide<TPanel, TileCount.Four>(panel, nextPanel, t, firstRow, validRows, partial);
                }
                // Sixteen-register machines run half panels against six tokens, then the rest (see Avx2PanelKernels).
                if (typeof(TLanes) == typeof(Lanes256))
                {
                    while (t + 6 <= tokens)
                        t += Halves<TPanel, TileCount.Six>(panel, nextPanel, t, firstRow, validRows, partial);
                    // 1–5 left: one tile of four, three or two; a last single token goes to Token1 below.
                    if (t + 4 <= tokens)
                        t += Halves<TPanel, TileCount.Four>(panel, nextPanel, t, firstRow, validRows, partial);
                    else if (t + 3 == tokens)
                        t += Halves<TPanel, TileCount.Three>(panel, nextPanel, t, firstRow, validRows, partial);
                    else if (t + 2 == tokens)
                        t += Halves<TPanel, TileCount.Two>(panel, nextPanel, t, firstRow, validRows, partial);
                }
                // Decode runs four (AVX-512) or two full panels at a time; all decode kernels give the same bits.
                if (typeof(TLanes) == typeof(Lanes512) && tokens == 1 && p + 3 < panelEnd && (p + 4) * rows <= w.Rows)
                {
                    var step = (nint)panelBytes;
                    PanelKernels.Token1Panels4<TLanes, TPanel>(panel, panel + step, panel + 2 * step, panel + 3 * step, cols, x, y + firstRow);
                    AddBias(0, firstRow, 4 * rows);
                    p += 3;
                    continue;
                }
                if (tokens == 1 && validRows == rows && p + 1 < panelEnd && (p + 2) * rows <= w.Rows)
                {
                    PanelKernels.Token1Panels2<TLanes, TPanel>(panel, panel + (nint)panelBytes, cols, x, y + firstRow);
                    AddBias(0, firstRow, 2 * rows);
                    p++;
                    continue;
                }
                for (; t < tokens; t++)
                {
                    PanelKernels.Token1<TLanes, TPanel>(panel, cols, x + (long)t * cols, validRows == rows ? y + (long)t * w.Rows + firstRow : partial);
                    CopyPartial(partial, t, 1, firstRow, validRows);
                }
                for (var g = 0; g < tokens; g++)
                    AddBias(g, firstRow, validRows);
            }
        }

        /// <summary>Whole panel against <typeparamref name="TTokens"/> tokens from <paramref name="firstToken"/>; returns that count.</summary>
        private int Wide<TPanel, TTokens>(nint panel, nint nextPanel, int firstToken, int firstRow, int validRows, float* partial)
            where TPanel : struct, IPanelFormat
            where TTokens : struct, TileCount.ICount
        {
            var output = Target(firstToken, firstRow, validRows, partial, out var outputStride);
            Avx512PanelKernels.Tokens<TPanel, TTokens>(panel, nextPanel, w.Cols, x + (long)firstToken * w.Cols, w.Cols, output, outputStride);
            CopyPartial(partial, firstToken, TTokens.Value, firstRow, validRows);
            return TTokens.Value;
        }

        /// <summary>Both half panels against <typeparamref name="TTokens"/> tokens from <paramref name="firstToken"/>; returns that count.</summary>
        private int Halves<TPanel, TTokens>(nint panel, nint nextPanel, int firstToken, int firstRow, int validRows, float* partial)
            where TPanel : struct, IPanelFormat
            where TTokens : struct, TileCount.ICount
        {
            var output = Target(firstToken, firstRow, validRows, partial, out var outputStride);
            for (var half = 0; half < 2; half++)
                Avx2PanelKernels.TokensHalf<TPanel, TTokens>(panel, nextPanel, half, w.Cols, x + (long)firstToken * w.Cols, w.Cols, output, outputStride);
            CopyPartial(partial, firstToken, TTokens.Value, firstRow, validRows);
            return TTokens.Value;
        }

        /// <summary>
        /// Where a multi-token kernel writes: straight into y for a full panel, else into the scratch (one row of
        /// <see cref="WeightMatrix.PanelRows"/> per token) that <see cref="CopyPartial"/> then copies from.
        /// </summary>
        private float* Target(int firstToken, int firstRow, int validRows, float* partial, out int stride)
        {
            var full = validRows == WeightMatrix.PanelRows;
            stride = full ? w.Rows : WeightMatrix.PanelRows;
            return full ? y + (long)firstToken * w.Rows + firstRow : partial;
        }

        /// <summary>Copies the valid rows of a last, partial panel from the scratch the kernel wrote.</summary>
        private void CopyPartial(float* partial, int firstToken, int count, int firstRow, int validRows)
        {
            if (validRows == WeightMatrix.PanelRows)
                return;
            for (var g = 0; g < count; g++)
                new Span<float>(partial + g * WeightMatrix.PanelRows, validRows).CopyTo(new Span<float>(y + (long)(firstToken + g) * w.Rows + firstRow, validRows));
        }

        private void AddBias(int token, int firstRow, int count)
        {
            if (bias == null)
                return;
            var span = new Span<float>(y + (long)token * w.Rows + firstRow, count);
            TensorPrimitives.Add(span, new ReadOnlySpan<float>(bias + firstRow, count), span);
        }
    }
}

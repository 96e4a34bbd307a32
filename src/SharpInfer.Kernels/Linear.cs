using SharpInfer.Core;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels;

/// <summary>
/// y = x · Wᵀ (+ bias) for a batch of token rows. Every output element is one dot product over the same
/// input row in the same order whatever the batch size, which keeps results batch-invariant.
/// </summary>
public static unsafe class Linear
{
    /// <param name="x">[tokens, w.Cols] activations.</param>
    /// <param name="bias">[w.Rows] or empty.</param>
    /// <param name="y">[tokens, w.Rows] output.</param>
    public static void Forward(ReadOnlySpan<float> x, int tokens, in WeightMatrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (w.Int8 is not null)
        {
            Int8Linear.Forward(x, tokens, w.Int8, bias, y);
            return;
        }
        if (x.Length < tokens * w.Cols || y.Length < tokens * w.Rows || (!bias.IsEmpty && bias.Length != w.Rows))
            throw new ArgumentException("Linear.Forward: buffer sizes do not match the weight shape.");
        fixed (float* xp = x, yp = y, bp = bias)
        {
            var job = new LinearJob(xp, tokens, w, bp, yp);
            ParallelRows.For(w.Rows, RowsPerChunk(w, tokens), job.Run);
        }
    }

    /// <summary>The reference: one scalar dot product per output, double-free float32 math.</summary>
    internal static void ForwardScalar(ReadOnlySpan<float> x, int tokens, in WeightMatrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        var row = new float[w.Cols];
        for (var r = 0; r < w.Rows; r++)
        {
            w.ReadRow(r, row);
            for (var t = 0; t < tokens; t++)
            {
                var sum = 0f;
                for (var k = 0; k < w.Cols; k++)
                    sum += x[t * w.Cols + k] * row[k];
                y[t * w.Rows + r] = sum + (bias.IsEmpty ? 0f : bias[r]);
            }
        }
    }

    private static int RowsPerChunk(in WeightMatrix w, int tokens)
    {
        // Aim for chunks of at least ~64K multiply-adds so scheduling overhead stays small.
        var work = (long)w.Cols * Math.Max(tokens, 1);
        return (int)Math.Clamp(65536 / Math.Max(work, 1), 1, Math.Max(w.Rows, 1));
    }

    private readonly struct LinearJob(float* x, int tokens, WeightMatrix w, float* bias, float* y)
    {
        /// <summary>Rows widened per tile: 16 rows of up to ~8K floats stay in L2 while every token group reads them.</summary>
        private const int RowTile = 16;

        public void Run(int rowStart, int rowEnd)
        {
            if (tokens == 1)
                RunOneToken(rowStart, rowEnd);
            else
                RunTokenGroups(rowStart, rowEnd);
        }

        /// <summary>Decode: each row is read once, straight from the (BF16) weights.</summary>
        private void RunOneToken(int rowStart, int rowEnd)
        {
            var cols = w.Cols;
            var input = new ReadOnlySpan<float>(x, cols);
            var scratch = w.DType == DType.F16 ? new float[cols] : [];
            for (var r = rowStart; r < rowEnd; r++)
            {
                var rowAddress = (byte*)w.Data + (long)r * cols * w.DType.SizeInBytes();
                var dot = w.DType switch
                {
                    DType.BF16 => Dot.Bf16(input, new ReadOnlySpan<ushort>(rowAddress, cols)),
                    DType.F32 => Dot.F32(input, new ReadOnlySpan<float>(rowAddress, cols)),
                    _ => Dot.F32(input, ReadRow(r, scratch)),
                };
                y[r] = dot + (bias is null ? 0f : bias[r]);
            }
        }

        /// <summary>
        /// Several tokens: for a tile of rows (kept in L2), each group of four tokens (kept in L1) runs over
        /// the whole tile, so each weight vector loaded serves four tokens. Dot.Bf16, Dot.F32 and the
        /// DotBatch kernels accumulate identically, so the result has the same bits as one token at a time.
        /// </summary>
        private void RunTokenGroups(int rowStart, int rowEnd)
        {
            var cols = w.Cols;
            var widened = w.DType == DType.F16 ? new float[RowTile * cols] : [];
            Span<float> sums = stackalloc float[4];
            for (var tileStart = rowStart; tileStart < rowEnd; tileStart += RowTile)
            {
                var tileRows = Math.Min(RowTile, rowEnd - tileStart);
                if (w.DType == DType.F16)
                    for (var k = 0; k < tileRows; k++)
                        w.ReadRow(tileStart + k, widened.AsSpan(k * cols, cols));
                var t = 0;
                for (; t + 4 <= tokens; t += 4)
                {
                    var group = new ReadOnlySpan<float>(x + (long)t * cols, 4 * cols);
                    for (var k = 0; k < tileRows; k++)
                    {
                        var r = tileStart + k;
                        if (w.DType == DType.BF16)
                            DotBatch.Bf16x4(new ReadOnlySpan<ushort>((ushort*)w.Data + (long)r * cols, cols), group, cols, sums);
                        else
                            DotBatch.F32x4(F32Row(r, k, widened), group, cols, sums);
                        for (var g = 0; g < 4; g++)
                            y[(long)(t + g) * w.Rows + r] = sums[g] + Bias(r);
                    }
                }
                for (; t < tokens; t++)
                {
                    var input = new ReadOnlySpan<float>(x + (long)t * cols, cols);
                    for (var k = 0; k < tileRows; k++)
                    {
                        var r = tileStart + k;
                        var dot = w.DType == DType.BF16
                            ? Dot.Bf16(input, new ReadOnlySpan<ushort>((ushort*)w.Data + (long)r * cols, cols))
                            : Dot.F32(input, F32Row(r, k, widened));
                        y[(long)t * w.Rows + r] = dot + Bias(r);
                    }
                }
            }
        }

        /// <summary>An F32 row in place, or an F16 row from the widened tile.</summary>
        private ReadOnlySpan<float> F32Row(int r, int k, float[] widened) =>
            w.DType == DType.F32
                ? new ReadOnlySpan<float>((float*)w.Data + (long)r * w.Cols, w.Cols)
                : widened.AsSpan(k * w.Cols, w.Cols);

        private ReadOnlySpan<float> ReadRow(int r, float[] scratch)
        {
            w.ReadRow(r, scratch);
            return scratch;
        }

        private float Bias(int r) => bias is null ? 0f : bias[r];
    }
}

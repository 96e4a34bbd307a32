using SharpInfer.Core;

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
        public void Run(int rowStart, int rowEnd)
        {
            var cols = w.Cols;
            // One token (decode): read BF16 rows directly. Several tokens: widen each row once and reuse it;
            // Dot.Bf16 and Dot.F32 accumulate identically, so both give the same bits.
            var direct = w.DType == DType.F32 || (w.DType == DType.BF16 && tokens == 1);
            var scratch = direct ? [] : new float[cols];
            for (var r = rowStart; r < rowEnd; r++)
            {
                var b = bias is null ? 0f : bias[r];
                var rowAddress = (byte*)w.Data + (long)r * cols * w.DType.SizeInBytes();
                if (direct && w.DType == DType.BF16)
                {
                    y[r] = Dot.Bf16(new ReadOnlySpan<float>(x, cols), new ReadOnlySpan<ushort>(rowAddress, cols)) + b;
                    continue;
                }
                ReadOnlySpan<float> row;
                if (direct)
                {
                    row = new ReadOnlySpan<float>(rowAddress, cols);
                }
                else
                {
                    w.ReadRow(r, scratch);
                    row = scratch;
                }
                for (var t = 0; t < tokens; t++)
                    y[(long)t * w.Rows + r] = Dot.F32(new ReadOnlySpan<float>(x + (long)t * cols, cols), row) + b;
            }
        }
    }
}

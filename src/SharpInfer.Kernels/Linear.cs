using System.Numerics.Tensors;
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
            var f32Rows = w.DType == DType.F32;
            var scratch = f32Rows ? [] : new float[cols];
            for (var r = rowStart; r < rowEnd; r++)
            {
                ReadOnlySpan<float> row;
                if (f32Rows)
                {
                    row = new ReadOnlySpan<float>((float*)w.Data + (long)r * cols, cols);
                }
                else
                {
                    w.ReadRow(r, scratch);
                    row = scratch;
                }
                var b = bias is null ? 0f : bias[r];
                for (var t = 0; t < tokens; t++)
                    y[(long)t * w.Rows + r] = TensorPrimitives.Dot(new ReadOnlySpan<float>(x + (long)t * cols, cols), row) + b;
            }
        }
    }
}

using System.Buffers;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// y = x · Wᵀ (+ bias) for a W8A8 matrix: each token row is quantized to int8 (per token, or with the
/// static scale), then every output is one exact int32 dot product, scaled. The integer part does not
/// depend on the batch, so results are batch-invariant.
/// </summary>
public static unsafe class Int8Linear
{
    public static void Forward(ReadOnlySpan<float> x, int tokens, Int8Matrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (x.Length < tokens * w.Cols || y.Length < tokens * w.Rows || (!bias.IsEmpty && bias.Length != w.Rows))
            throw new ArgumentException("Int8Linear.Forward: buffer sizes do not match the weight shape.");
        w.Observer?.Invoke(x[..(tokens * w.Cols)]);
        var quantized = ArrayPool<byte>.Shared.Rent(tokens * w.Stride);
        var tokenScales = ArrayPool<float>.Shared.Rent(tokens);
        try
        {
            QuantizeTokens(x, tokens, w, quantized, tokenScales);
            fixed (byte* xq = quantized)
            fixed (sbyte* wp = w.Weights)
            fixed (float* yp = y, bp = bias, ts = tokenScales)
            {
                var job = new Job(xq, ts, tokens, w, wp, bp, yp);
                var work = (long)w.Stride * Math.Max(tokens, 1);
                ParallelRows.For(w.Rows, (int)Math.Clamp(131072 / work, 1, Math.Max(w.Rows, 1)), job.Run);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(quantized);
            ArrayPool<float>.Shared.Return(tokenScales);
        }
    }

    /// <summary>
    /// Matrices stacked by rows (q, k, v): each part quantizes the input with its own activation scale and
    /// fills its columns of each output row, the bits it would give alone.
    /// </summary>
    public static void ForwardStacked(ReadOnlySpan<float> x, int tokens, IReadOnlyList<Int8Matrix> parts, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (parts.Count == 1)
        {
            Forward(x, tokens, parts[0], bias, y);
            return;
        }
        var rows = parts.Sum(p => p.Rows);
        var first = 0;
        foreach (var part in parts)
        {
            var partOutput = ArrayPool<float>.Shared.Rent(tokens * part.Rows);
            try
            {
                Forward(x, tokens, part, bias.IsEmpty ? [] : bias.Slice(first, part.Rows), partOutput);
                for (var t = 0; t < tokens; t++)
                    partOutput.AsSpan(t * part.Rows, part.Rows).CopyTo(y.Slice(t * rows + first, part.Rows));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(partOutput);
            }
            first += part.Rows;
        }
    }

    /// <summary>The reference: the same quantization, then scalar integer dot products.</summary>
    internal static void ForwardScalar(ReadOnlySpan<float> x, int tokens, Int8Matrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        var quantized = new byte[tokens * w.Stride];
        var tokenScales = new float[tokens];
        QuantizeTokens(x, tokens, w, quantized, tokenScales);
        fixed (byte* xq = quantized)
        fixed (sbyte* wp = w.Weights)
        {
            for (var t = 0; t < tokens; t++)
                for (var r = 0; r < w.Rows; r++)
                {
                    var dot = Int8Dot.Scalar(xq + (long)t * w.Stride, wp + (long)r * w.Stride, w.Stride);
                    y[t * w.Rows + r] = tokenScales[t] * w.OutputScales[r] * (dot - w.Offsets[r]) + (bias.IsEmpty ? 0f : bias[r]);
                }
        }
    }

    private static void QuantizeTokens(ReadOnlySpan<float> x, int tokens, Int8Matrix w, byte[] quantized, float[] tokenScales)
    {
        for (var t = 0; t < tokens; t++)
        {
            var row = x.Slice(t * w.Cols, w.Cols);
            var target = quantized.AsSpan(t * w.Stride, w.Stride);
            if (w.Activation.IsDynamic)
            {
                tokenScales[t] = ActivationQuantizer.Dynamic(row, target);
            }
            else
            {
                ActivationQuantizer.Static(row, w.Activation.Scale, w.Activation.ZeroPoint, target);
                tokenScales[t] = 1f;
            }
        }
    }

    private readonly struct Job(byte* xq, float* tokenScales, int tokens, Int8Matrix w, sbyte* weights, float* bias, float* y)
    {
        public void Run(int rowStart, int rowEnd)
        {
            var stride = w.Stride;
            var rows = w.Rows;
            var scales = w.OutputScales;
            var offsets = w.Offsets;
            for (var r = rowStart; r < rowEnd; r++)
            {
                var row = weights + (long)r * stride;
                var b = bias is null ? 0f : bias[r];
                for (var t = 0; t < tokens; t++)
                {
                    var dot = Int8Dot.Dot(xq + (long)t * stride, row, stride);
                    y[(long)t * rows + r] = tokenScales[t] * scales[r] * (dot - offsets[r]) + b;
                }
            }
        }
    }
}

using SharpInfer.Core;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels.Tests;

public sealed class Int8LinearTests
{
    private static Int8Matrix Quantized(TestMatrix w, Int8Activation activation) => Int8Matrix.Quantize(w.Matrix, activation);

    [Theory]
    [InlineData(37, 83, 1)]
    [InlineData(37, 83, 5)]
    [InlineData(130, 200, 3)]
    [InlineData(3, 1, 2)]
    [InlineData(9, 4000, 37)] // 4,032-byte rows: tokens run in blocks of 32, so this crosses a block edge
    [InlineData(1029, 200, 1)] // split into three chunks of 343 rows: decode's chunks start and end inside groups of four
    public void MatchesTheScalarReferenceBitwise(int rows, int cols, int tokens)
    {
        using var w = new TestMatrix(DType.F32, rows, cols, seed: 1);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 2);
        var bias = TestMatrix.RandomVector(rows, seed: 3);
        foreach (var activation in new[] { Int8Activation.Dynamic, Int8Activation.Static(0.01f, zeroPoint: 3) })
        {
            var m = Quantized(w, activation);
            var fast = new float[tokens * rows];
            var reference = new float[tokens * rows];

            Linear.Forward(x, tokens, new WeightMatrix([m]), bias, fast);
            Int8Linear.ForwardScalar(x, tokens, m, bias, reference);

            Assert.Equal(reference, fast);
        }
    }

    [Fact]
    public void DynamicW8A8IsCloseToTheFloatProduct()
    {
        const int rows = 64, cols = 300, tokens = 4;
        using var w = new TestMatrix(DType.F32, rows, cols, seed: 4);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 5);
        var exact = new float[tokens * rows];
        var int8 = new float[tokens * rows];
        Linear.Forward(x, tokens, w.Matrix, [], exact);
        Linear.Forward(x, tokens, new WeightMatrix([Quantized(w, Int8Activation.Dynamic)]), [], int8);

        // Two 8-bit roundings of uniform values: errors are a small fraction of the outputs' spread (~sqrt(cols)/3).
        var maxError = exact.Zip(int8, (e, q) => Math.Abs(e - q)).Max();
        Assert.InRange(maxError, 1e-6f, 0.1f);
    }

    [Fact]
    public void RowResultsDoNotDependOnBatchSize()
    {
        const int rows = 70, cols = 130, tokens = 6;
        using var w = new TestMatrix(DType.BF16, rows, cols, seed: 6);
        var m = new WeightMatrix([Quantized(w, Int8Activation.Dynamic)]);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 7);
        var batched = new float[tokens * rows];
        Linear.Forward(x, tokens, m, [], batched);
        for (var t = 0; t < tokens; t++)
        {
            var single = new float[rows];
            Linear.Forward(x.AsSpan(t * cols, cols), 1, m, [], single);
            Assert.Equal(batched.AsSpan(t * rows, rows).ToArray(), single);
        }
    }

    [Fact]
    public void StackedPartsGiveEachPartsOwnBits()
    {
        // q and k share dynamic quantization (one pass); v has its own static scale (a second pass).
        const int cols = 70, tokens = 3;
        using var q = new TestMatrix(DType.F32, 33, cols, seed: 11);
        using var k = new TestMatrix(DType.F32, 9, cols, seed: 12);
        using var v = new TestMatrix(DType.F32, 9, cols, seed: 13);
        Int8Matrix[] parts = [Quantized(q, Int8Activation.Dynamic), Quantized(k, Int8Activation.Dynamic), Quantized(v, Int8Activation.Static(0.02f))];
        var x = TestMatrix.RandomVector(tokens * cols, seed: 14);
        var bias = TestMatrix.RandomVector(51, seed: 15);
        var stacked = new float[tokens * 51];
        Linear.Forward(x, tokens, new WeightMatrix(parts), bias, stacked);
        var first = 0;
        foreach (var part in parts)
        {
            var alone = new float[tokens * part.Rows];
            Linear.Forward(x, tokens, new WeightMatrix([part]), bias.AsSpan(first, part.Rows), alone);
            for (var t = 0; t < tokens; t++)
                Assert.Equal(alone.AsSpan(t * part.Rows, part.Rows).ToArray(), stacked.AsSpan(t * 51 + first, part.Rows).ToArray());
            first += part.Rows;
        }
    }

    [Fact]
    public void ReadRowDequantizesWithinHalfAStep()
    {
        using var w = new TestMatrix(DType.F32, 5, 33, seed: 8);
        var m = new WeightMatrix([Quantized(w, Int8Activation.Dynamic)]);
        var original = new float[33];
        var dequantized = new float[33];
        for (var r = 0; r < 5; r++)
        {
            w.Matrix.ReadRow(r, original);
            m.ReadRow(r, dequantized);
            var step = original.Max(Math.Abs) / 127f;
            for (var k = 0; k < 33; k++)
                Assert.InRange(dequantized[k] - original[k], -step / 2 - 1e-7f, step / 2 + 1e-7f);
        }
    }

    [Fact]
    public void QuantBiasAndOutputScalesFollowMsModelSlimsFormula()
    {
        // y = deq_scale · (Σ q·w + quant_bias) with q = round(x/s) + offset.
        sbyte[] weights = [1, -2, 3, 4, 5, -6];
        float[] x = [0.5f, -1f, 2f];
        unsafe
        {
            fixed (sbyte* wp = weights)
            {
                var m = Int8Matrix.FromInt8(wp, 2, 3, [1f, 1f], Int8Activation.Static(0.5f, zeroPoint: 2), [0.25f, 0.125f], [10, -20]);
                var y = new float[2];
                Linear.Forward(x, 1, new WeightMatrix([m]), [], y);
                // q = [1, -2, 4] + 2 = [3, 0, 6]
                Assert.Equal(0.25f * (3 * 1 + 0 * -2 + 6 * 3 + 10), y[0]);
                Assert.Equal(0.125f * (3 * 4 + 0 * 5 + 6 * -6 - 20), y[1]);
            }
        }
    }
}

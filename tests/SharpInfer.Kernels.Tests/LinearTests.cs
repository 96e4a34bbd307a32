using SharpInfer.Core;

namespace SharpInfer.Kernels.Tests;

public sealed class LinearTests
{
    [Theory]
    [InlineData(DType.F32, 37, 83, 1)]
    [InlineData(DType.F32, 64, 16, 5)]
    [InlineData(DType.F16, 37, 83, 3)]
    [InlineData(DType.BF16, 37, 83, 1)]
    [InlineData(DType.BF16, 37, 83, 4)]
    [InlineData(DType.BF16, 1, 1, 1)]
    [InlineData(DType.BF16, 96, 7, 9)]
    [InlineData(DType.BF16, 130, 257, 2)]
    [InlineData(DType.F32, 65, 33, 7)]
    [InlineData(DType.BF16, 300, 129, 1)] // decode: four-panel groups, then a pair, then a partial panel
    [InlineData(DType.F32, 200, 33, 1)]
    [InlineData(DType.BF16, 70, 45, 6)]   // AVX2: one six-token half-panel pass, partial last panel
    [InlineData(DType.BF16, 64, 45, 17)]  // AVX2: 6 + 6 + 3 + 1 + 1; AVX-512: 12 + 4 + 1
    [InlineData(DType.BF16, 70, 45, 35)]  // AVX-512: 12 + 12 + 8 + 1 + 1 + 1, partial last panel
    [InlineData(DType.F32, 45, 31, 28)]   // AVX-512: 12 + 12 + 4 on F32 panels
    [InlineData(DType.F32, 45, 31, 14)]   // AVX2: 6 + 6 + 1 + 1 on F32 panels
    [InlineData(DType.F16, 33, 20, 16)]
    public void MatchesScalarReferenceBitForBit(DType dtype, int rows, int cols, int tokens)
    {
        using var w = new TestMatrix(dtype, rows, cols, seed: 1);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 2);
        var bias = TestMatrix.RandomVector(rows, seed: 3);
        var fast = new float[tokens * rows];
        var reference = new float[tokens * rows];

        Linear.Forward(x, tokens, w.Matrix, bias, fast);
        Linear.ForwardScalar(x, tokens, w.Matrix, bias, reference);

        Assert.Equal(reference, fast);
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    [InlineData(DType.BF16)]
    public void PackedRowsReadBackExactly(DType dtype)
    {
        const int rows = 45, cols = 19;
        using var w = new TestMatrix(dtype, rows, cols, seed: 6);
        var row = new float[cols];
        for (var r = 0; r < rows; r++)
        {
            w.Matrix.ReadRow(r, row);
            for (var k = 0; k < cols; k++)
                Assert.Equal(w.Element(r, k), row[k]);
        }
    }

    [Fact]
    public void SumsInColumnOrderWithOneRoundingPerColumn()
    {
        // 1 + 2^-24 + 2^-24 rounds to 1 at each step in order; a pairwise sum would give 1 + 2^-23.
        using var w = new TestMatrix(DType.F32, 1, 3, seed: 0);
        unsafe
        {
            var data = (float*)w.Data;
            data[0] = 1f;
            data[1] = MathF.Pow(2, -24);
            data[2] = MathF.Pow(2, -24);
        }
        var y = new float[1];
        Linear.Forward([1f, 1f, 1f], 1, w.Repacked().Matrix, [], y);
        Assert.Equal(1f, y[0]);
    }

    [Fact]
    public void RowResultsDoNotDependOnBatchSize()
    {
        const int rows = 300, cols = 130, tokens = 9;
        using var w = new TestMatrix(DType.BF16, rows, cols, seed: 4);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 5);
        var batched = new float[tokens * rows];
        Linear.Forward(x, tokens, w.Matrix, [], batched);

        var single = new float[rows];
        for (var t = 0; t < tokens; t++)
        {
            Linear.Forward(x.AsSpan(t * cols, cols), 1, w.Matrix, [], single);
            Assert.Equal(batched.AsSpan(t * rows, rows).ToArray(), single);
        }
    }

    [Fact]
    public void StackedMatricesGiveEachPartsRowsExactly()
    {
        const int cols = 45, tokens = 5;
        using var top = new TestMatrix(DType.BF16, 40, cols, seed: 7);
        using var bottom = new TestMatrix(DType.BF16, 17, cols, seed: 8);
        var stacked = new WeightMatrix([top.Data, bottom.Data], [40, 17], DType.BF16, cols);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 9);
        var both = new float[tokens * 57];
        var alone = new float[tokens * 40];
        var alone2 = new float[tokens * 17];

        Linear.Forward(x, tokens, stacked, [], both);
        Linear.Forward(x, tokens, top.Matrix, [], alone);
        Linear.Forward(x, tokens, bottom.Matrix, [], alone2);

        for (var t = 0; t < tokens; t++)
        {
            Assert.Equal(alone.AsSpan(t * 40, 40).ToArray(), both.AsSpan(t * 57, 40).ToArray());
            Assert.Equal(alone2.AsSpan(t * 17, 17).ToArray(), both.AsSpan(t * 57 + 40, 17).ToArray());
        }
    }

    [Fact]
    public void KnownValues()
    {
        using var w = new TestMatrix(DType.F32, 2, 3, seed: 0);
        unsafe
        {
            var data = (float*)w.Data;
            float[] values = [1, 2, 3, -1, 0.5f, 4];
            for (var i = 0; i < values.Length; i++)
                data[i] = values[i];
        }
        var y = new float[2];
        Linear.Forward([1f, 1f, 2f], 1, w.Repacked().Matrix, [0.5f, -1f], y);
        Assert.Equal([9.5f, 6.5f], y);
    }
}

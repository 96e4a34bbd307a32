using SharpInfer.Core;

namespace SharpInfer.Kernels.Tests;

public sealed class LinearTests
{
    [Theory]
    [InlineData(DType.F32, 1)]
    [InlineData(DType.F32, 5)]
    [InlineData(DType.F16, 3)]
    [InlineData(DType.BF16, 1)]
    [InlineData(DType.BF16, 4)]
    public void MatchesScalarReference(DType dtype, int tokens)
    {
        const int rows = 37, cols = 83;
        using var w = new TestMatrix(dtype, rows, cols, seed: 1);
        var x = TestMatrix.RandomVector(tokens * cols, seed: 2);
        var bias = TestMatrix.RandomVector(rows, seed: 3);
        var fast = new float[tokens * rows];
        var reference = new float[tokens * rows];

        Linear.Forward(x, tokens, w.Matrix, bias, fast);
        Linear.ForwardScalar(x, tokens, w.Matrix, bias, reference);

        for (var i = 0; i < fast.Length; i++)
            Assert.True(Math.Abs(fast[i] - reference[i]) <= 1e-4f * (1 + Math.Abs(reference[i])), $"element {i}: {fast[i]} vs {reference[i]}");
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
        Linear.Forward([1f, 1f, 2f], 1, w.Matrix, [0.5f, -1f], y);
        Assert.Equal([9.5f, 6.5f], y);
    }
}

namespace SharpInfer.Kernels.Tests;

public sealed class AttentionTests
{
    [Fact]
    public void MatchesNaiveSoftmaxAttention()
    {
        const int headDim = 16, positions = 7, kvHeads = 2, stride = kvHeads * headDim, offset = headDim;
        var query = TestMatrix.RandomVector(headDim, 1);
        var keys = TestMatrix.RandomVector(positions * stride, 2);
        var values = TestMatrix.RandomVector(positions * stride, 3);
        var output = new float[headDim];
        var scale = 1 / MathF.Sqrt(headDim);

        Attention.AttendOne(query, keys, values, positions, stride, offset, scale, new float[positions], output);

        var scores = new double[positions];
        for (var j = 0; j < positions; j++)
            scores[j] = Enumerable.Range(0, headDim).Sum(d => (double)query[d] * keys[j * stride + offset + d]) * scale;
        var max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
        var total = weights.Sum();
        for (var d = 0; d < headDim; d++)
        {
            var expected = Enumerable.Range(0, positions).Sum(j => weights[j] / total * values[j * stride + offset + d]);
            Assert.Equal(expected, output[d], 1e-5);
        }
    }
}

namespace SharpInfer.Kernels.Tests;

public sealed class AttentionTests
{
    [Fact]
    public void MatchesNaiveSoftmaxAttention()
    {
        // 7 positions in blocks of 3, scattered over a pool of 4 blocks: rows are found through the table.
        const int headDim = 16, positions = 7, kvHeads = 2, stride = kvHeads * headDim, offset = headDim, blockSize = 3;
        int[] blockTable = [2, 0, 3];
        var query = TestMatrix.RandomVector(headDim, 1);
        var keys = TestMatrix.RandomVector(4 * blockSize * stride, 2);
        var values = TestMatrix.RandomVector(4 * blockSize * stride, 3);
        var output = new float[headDim];
        var scale = 1 / MathF.Sqrt(headDim);

        Attention.AttendPaged(query, keys, values, blockTable, blockSize, positions, stride, offset, scale, new float[positions], output);
        int Row(int j) => blockTable[j / blockSize] * blockSize + j % blockSize;

        var scores = new double[positions];
        for (var j = 0; j < positions; j++)
            scores[j] = Enumerable.Range(0, headDim).Sum(d => (double)query[d] * keys[Row(j) * stride + offset + d]) * scale;
        var max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
        var total = weights.Sum();
        for (var d = 0; d < headDim; d++)
        {
            var expected = Enumerable.Range(0, positions).Sum(j => weights[j] / total * values[Row(j) * stride + offset + d]);
            Assert.Equal(expected, output[d], 1e-5);
        }
    }
}

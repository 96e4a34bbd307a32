using System.Runtime.Intrinsics;

namespace SharpInfer.Kernels.Tests;

public sealed class Avx2AttentionScoresTests
{
    [Theory]
    [InlineData(64, 13)] // one group of eight (two four-key passes), then five keys (one pass, one single key)
    [InlineData(40, 8)]  // 16-lane part plus an eight-element tail per key
    [InlineData(16, 3)]  // single keys only
    public void ScoresMatchTheExactDotProductsWhateverTheBlockFill(int headDim, int n)
    {
        if (!Avx2AttentionScores.IsSupported)
            return; // x86 without AVX2: attention takes the one-key loop
        const int group = 3, stride = 96, offset = 8;
        var queries = TestMatrix.RandomVector(group * headDim, 21);
        var keys = TestMatrix.RandomVector(n * stride, 22);
        var scoreStride = (n + 15) & ~15;
        var scores = new float[group * scoreStride];

        Avx2AttentionScores.ScoreBlock8<float>(queries, group, keys, offset, stride, n, 0.5f, scores, scoreStride);

        for (var h = 0; h < group; h++)
            for (var j = 0; j < n; j++)
            {
                var exact = Enumerable.Range(0, headDim).Sum(d => (double)queries[h * headDim + d] * keys[offset + j * stride + d]) * 0.5;
                Assert.Equal(exact, scores[h * scoreStride + j], 1e-5);
            }

        // A key's score has the same bits whether its block holds it alone at the end or more keys after it.
        for (var count = 1; count < n; count++)
        {
            var partial = new float[group * scoreStride];
            Avx2AttentionScores.ScoreBlock8<float>(queries, group, keys, offset, stride, count, 0.5f, partial, scoreStride);
            for (var h = 0; h < group; h++)
                Assert.Equal(scores.AsSpan(h * scoreStride, count).ToArray(), partial.AsSpan(h * scoreStride, count).ToArray());
        }
    }

    [Fact]
    public void Bf16KeysGiveTheBitsOfTheirFloatValues()
    {
        if (!Avx2AttentionScores.IsSupported)
            return;
        const int headDim = 48, n = 11, group = 2;
        var queries = TestMatrix.RandomVector(group * headDim, 23);
        var keys = TestMatrix.RandomVector(n * headDim, 24).Select(v => NumberConversions.Bf16ToF32(NumberConversions.F32ToBf16(v))).ToArray();
        var fromF32 = new float[group * 16];
        var fromBf16 = new float[group * 16];
        Avx2AttentionScores.ScoreBlock8<float>(queries, group, keys, 0, headDim, n, 1f, fromF32, 16);
        Avx2AttentionScores.ScoreBlock8<ushort>(queries, group, keys.Select(NumberConversions.F32ToBf16).ToArray(), 0, headDim, n, 1f, fromBf16, 16);
        Assert.Equal(fromF32, fromBf16);
    }

    [Fact]
    public void Of8PutsEachVectorsSumInItsLane()
    {
        if (!Avx2AttentionScores.IsSupported)
            return;
        var vectors = new Vector256<float>[8];
        for (var j = 0; j < 8; j++)
            vectors[j] = Vector256.Create(Enumerable.Range(0, 8).Select(lane => (float)((j + 1) * 100 + lane * lane)).ToArray());
        var sums = Avx2AttentionScores.Of8(vectors);
        for (var j = 0; j < 8; j++)
            Assert.Equal(8 * (j + 1) * 100 + 140, sums[j]); // Σ lane² over 0..7 = 140, all exact in float
    }
}

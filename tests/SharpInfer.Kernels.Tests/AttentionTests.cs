namespace SharpInfer.Kernels.Tests;

public sealed class AttentionTests
{
    // 7 positions in blocks of 3, scattered over a pool of 4 blocks: rows are found through the table.
    private const int HeadDim = 20, Positions = 7, KvHeads = 2, Stride = KvHeads * HeadDim, Offset = HeadDim, BlockSize = 3, Group = 3;
    private static readonly int[] BlockTable = [2, 0, 3];

    private static int Row(int j) => BlockTable[j / BlockSize] * BlockSize + j % BlockSize;

    [Fact]
    public void MatchesNaiveSoftmaxAttentionForEveryHeadOfTheGroup()
    {
        var queries = TestMatrix.RandomVector(Group * HeadDim, 1);
        var keys = TestMatrix.RandomVector(4 * BlockSize * Stride, 2);
        var values = TestMatrix.RandomVector(4 * BlockSize * Stride, 3);
        var output = new float[Group * HeadDim];
        var scale = 1 / MathF.Sqrt(HeadDim);

        Attention.AttendPaged<float>(queries, Group, keys, values, BlockTable, BlockSize, Positions, Stride, Offset, scale, output);

        for (var h = 0; h < Group; h++)
        {
            var expected = Naive(queries.AsSpan(h * HeadDim, HeadDim).ToArray(), keys, values, scale);
            for (var d = 0; d < HeadDim; d++)
                Assert.Equal(expected[d], output[h * HeadDim + d], 1e-5);
        }
    }

    [Fact]
    public void Bf16CacheRowsAreWidenedExactly()
    {
        var queries = TestMatrix.RandomVector(Group * HeadDim, 4);
        var keys = TestMatrix.RandomVector(4 * BlockSize * Stride, 5).Select(RoundToBf16).ToArray();
        var values = TestMatrix.RandomVector(4 * BlockSize * Stride, 6).Select(RoundToBf16).ToArray();
        var fromF32 = new float[Group * HeadDim];
        var fromBf16 = new float[Group * HeadDim];

        Attention.AttendPaged<float>(queries, Group, keys, values, BlockTable, BlockSize, Positions, Stride, Offset, 0.3f, fromF32);
        Attention.AttendPaged<ushort>(queries, Group, ToBf16(keys), ToBf16(values), BlockTable, BlockSize, Positions, Stride, Offset, 0.3f, fromBf16);

        Assert.Equal(fromF32, fromBf16);
    }

    [Theory]
    [InlineData(HeadDim, BlockSize, Positions)]
    // Head dim 64 (vector rows, no tail) in blocks of 40: 300 positions cross a softmax chunk and leave partial tiles.
    [InlineData(64, 40, 300)]
    public void F16CacheRowsGiveTheBitsOfTheirFloatValues(int headDim, int blockSize, int positions)
    {
        var stride = KvHeads * headDim;
        var blocks = (positions + blockSize - 1) / blockSize;
        // Blocks in reverse order, so the table is followed.
        var table = Enumerable.Range(0, blocks).Reverse().ToArray();
        var queries = TestMatrix.RandomVector(Group * headDim, 11);
        var keys = TestMatrix.RandomVector(blocks * blockSize * stride, 12).Select(v => (Half)(4 * v)).ToArray();
        var values = TestMatrix.RandomVector(blocks * blockSize * stride, 13).Select(v => (Half)v).ToArray();
        var floatKeys = keys.Select(v => (float)v).ToArray();
        var floatValues = values.Select(v => (float)v).ToArray();

        // Both the AVX-512 group tiles and the portable per-head kernels (F16 widened a tile at a time), where present.
        var results = new List<float[]>();
        foreach (var grouped in GroupTiles512.IsSupported ? new[] { false, true } : [false])
        {
            var fromF32 = new float[Group * headDim];
            var fromF16 = new float[Group * headDim];
            // Cold reads on one side: prefetch hints (up to the cache's last row, in the reversed table's first block) change no bits.
            Attention.AttendPaged<float>(queries, Group, floatKeys, floatValues, table, blockSize, positions, stride, headDim, 0.3f, fromF32, CacheReads.Warm, grouped);
            Attention.AttendPaged<Half>(queries, Group, keys, values, table, blockSize, positions, stride, headDim, 0.3f, fromF16, CacheReads.Cold, grouped);
            Assert.Equal(fromF32, fromF16);
            results.Add(fromF16);
        }
        // The two paths reduce a key's dot product in different trees: the same to float precision, not to the bit.
        for (var i = 0; i < results[0].Length; i++)
            Assert.Equal(results[0][i], results[^1][i], 1e-5);
    }

    [Fact]
    public void EachHeadGivesTheSameBitsAloneOrInItsGroup()
    {
        var queries = TestMatrix.RandomVector(Group * HeadDim, 7);
        var keys = TestMatrix.RandomVector(4 * BlockSize * Stride, 8);
        var values = TestMatrix.RandomVector(4 * BlockSize * Stride, 9);
        var grouped = new float[Group * HeadDim];
        Attention.AttendPaged<float>(queries, Group, keys, values, BlockTable, BlockSize, Positions, Stride, Offset, 0.2f, grouped);

        var alone = new float[HeadDim];
        for (var h = 0; h < Group; h++)
        {
            Attention.AttendPaged<float>(queries.AsSpan(h * HeadDim, HeadDim), 1, keys, values, BlockTable, BlockSize, Positions, Stride, Offset, 0.2f, alone);
            Assert.Equal(grouped.AsSpan(h * HeadDim, HeadDim).ToArray(), alone);
        }
    }

    [Theory]
    [InlineData(8, 16, 1)]
    [InlineData(64, 16, 37)]
    [InlineData(33, 5, 23)]
    [InlineData(128, 128, 130)]
    [InlineData(64, 16, 2500)] // ten softmax chunks of 256 positions, the last partial
    [InlineData(40, 24, 1100)] // chunks of 10 blocks (240 positions); each block's scores padded from 24 to 32
    public void MatchesNaiveAttentionOnOddShapes(int headDim, int blockSize, int positions)
    {
        const int group = 2;
        var (table, queries, keys, values) = ReversedSequence(headDim, group, blockSize, positions, 10);
        var output = new float[group * headDim];
        Attention.AttendPaged<float>(queries, group, keys, values, table, blockSize, positions, headDim, 0, 0.1f, output);

        for (var h = 0; h < group; h++)
        {
            var scores = Enumerable.Range(0, positions).Select(j =>
                Enumerable.Range(0, headDim).Sum(d => (double)queries[h * headDim + d] * keys[Attention.Row(table, blockSize, j) * headDim + d]) * 0.1).ToArray();
            var weights = scores.Select(x => Math.Exp(x - scores.Max())).ToArray();
            for (var d = 0; d < headDim; d++)
            {
                var expected = Enumerable.Range(0, positions).Sum(j => weights[j] * values[Attention.Row(table, blockSize, j) * headDim + d]) / weights.Sum();
                Assert.Equal(expected, output[h * headDim + d], 1e-5);
            }
        }
    }

    /// <summary>33 heads × 1100 positions of scores exceed the stack scratch, so the call rents it; bits stay per head.</summary>
    [Fact]
    public void LargeGroupsOverLongSequencesGiveEachHeadItsBitsAlone()
    {
        const int headDim = 16, group = 33, blockSize = 16, positions = 1100;
        var (table, queries, keys, values) = ReversedSequence(headDim, group, blockSize, positions, 13);
        var grouped = new float[group * headDim];
        Attention.AttendPaged<float>(queries, group, keys, values, table, blockSize, positions, headDim, 0, 0.25f, grouped);

        var alone = new float[headDim];
        for (var h = 0; h < group; h++)
        {
            Attention.AttendPaged<float>(queries.AsSpan(h * headDim, headDim), 1, keys, values, table, blockSize, positions, headDim, 0, 0.25f, alone);
            Assert.Equal(grouped.AsSpan(h * headDim, headDim).ToArray(), alone);
        }
    }

    /// <summary>Chunks attended in any order (as cores finish them) and folded in position order give AttendPaged's bits.</summary>
    [Theory]
    [InlineData(16, 1100)]
    [InlineData(24, 1100)]
    [InlineData(16, 256)]
    public void ChunksAttendedOutOfOrderAndFoldedInOrderGiveAttendPagedBits(int blockSize, int positions)
    {
        const int headDim = 40, group = 3;
        var (table, queries, keys, values) = ReversedSequence(headDim, group, blockSize, positions, 16);
        var whole = new float[group * headDim];
        Attention.AttendPaged<float>(queries, group, keys, values, table, blockSize, positions, headDim, 0, 0.3f, whole);

        var chunk = Attention.ChunkLength(blockSize);
        var chunks = (positions + chunk - 1) / chunk;
        var outputs = new float[chunks][];
        var maxes = new float[chunks][];
        var sums = new float[chunks][];
        for (var c = chunks - 1; c >= 0; c--)
        {
            (outputs[c], maxes[c], sums[c]) = (new float[group * headDim], new float[group], new float[group]);
            Attention.AttendChunk<float>(queries, group, keys, values, table, blockSize, c * chunk, Math.Min(positions, (c + 1) * chunk), headDim, 0, 0.3f,
                outputs[c], maxes[c], sums[c]);
        }
        for (var c = 1; c < chunks; c++)
            Attention.MergeChunk(outputs[0], maxes[0], sums[0], outputs[c], maxes[c], sums[c]);
        Attention.Normalize(outputs[0], sums[0]);

        Assert.Equal(whole, outputs[0]);
    }

    [Fact]
    public void AChunkMustStartOnAChunkBoundary()
    {
        var output = new float[HeadDim];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Attention.AttendChunk<float>(
            new float[HeadDim], 1, new float[4 * BlockSize * Stride], new float[4 * BlockSize * Stride], BlockTable, BlockSize, 1, Positions, Stride, 0, 1f,
            output, new float[1], new float[1]));
        Assert.Contains("[1, 7) is not within one chunk", error.Message);
    }

    /// <summary>One KV head's sequence in blocks stored in reverse order: its block table, queries, keys and values.</summary>
    private static (int[] Table, float[] Queries, float[] Keys, float[] Values) ReversedSequence(int headDim, int group, int blockSize, int positions, int seed)
    {
        var blocks = (positions + blockSize - 1) / blockSize;
        return (Enumerable.Range(0, blocks).Reverse().ToArray(), TestMatrix.RandomVector(group * headDim, seed),
            TestMatrix.RandomVector(blocks * blockSize * headDim, seed + 1), TestMatrix.RandomVector(blocks * blockSize * headDim, seed + 2));
    }

    private static double[] Naive(float[] query, float[] keys, float[] values, float scale)
    {
        var scores = new double[Positions];
        for (var j = 0; j < Positions; j++)
            scores[j] = Enumerable.Range(0, HeadDim).Sum(d => (double)query[d] * keys[Row(j) * Stride + Offset + d]) * scale;
        var max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
        var total = weights.Sum();
        return Enumerable.Range(0, HeadDim)
            .Select(d => Enumerable.Range(0, Positions).Sum(j => weights[j] / total * values[Row(j) * Stride + Offset + d]))
            .ToArray();
    }

    private static float RoundToBf16(float value) => NumberConversions.Bf16ToF32(NumberConversions.F32ToBf16(value));

    private static ushort[] ToBf16(float[] values) => values.Select(NumberConversions.F32ToBf16).ToArray();
}

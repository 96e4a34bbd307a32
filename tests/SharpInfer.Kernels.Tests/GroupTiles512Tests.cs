namespace SharpInfer.Kernels.Tests;

public sealed class GroupTiles512Tests
{
    private const int Stride = 300, Offset = 7;

    /// <summary>Group sizes that run one pass of one to four heads, and several passes (4 + 1, 4 + 3, 4 + 4 + 1).</summary>
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 3, 64, 16 }, // SmolLM2's group, a full tile
        { 1, 128, 13 },
        { 2, 80, 9 },  // 64 + 16 columns
        { 4, 96, 16 }, // 64 + 32
        { 5, 20, 7 },  // a 4-element tail past one vector
        { 7, 64, 1 },
        { 9, 40, 15 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ScoresAreTheDotProductsAndEachHeadGetsItsBitsAlone(int group, int headDim, int count)
    {
        if (!GroupTiles512.IsSupported)
            return; // without AVX-512, attention takes the per-head kernels (AttentionTests)
        var queries = TestMatrix.RandomVector(group * headDim, 31);
        var keys = TestMatrix.RandomVector(Offset + 16 * Stride, 32);
        var scores = new float[group * 16];
        GroupTiles512.Scores<float>(queries, group, keys, Offset, Stride, count, 0.5f, scores, 16);

        var alone = new float[16];
        for (var h = 0; h < group; h++)
        {
            for (var j = 0; j < count; j++)
            {
                var exact = Enumerable.Range(0, headDim).Sum(d => (double)queries[h * headDim + d] * keys[Offset + j * Stride + d]) * 0.5;
                Assert.Equal(exact, scores[h * 16 + j], 1e-5);
            }
            GroupTiles512.Scores<float>(queries.AsSpan(h * headDim, headDim), 1, keys, Offset, Stride, count, 0.5f, alone, 16);
            Assert.Equal(alone[..count], scores.AsSpan(h * 16, count).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ValuesAreTheWeightedSumsAndEachHeadGetsItsBitsAlone(int group, int headDim, int count)
    {
        if (!GroupTiles512.IsSupported)
            return;
        var values = TestMatrix.RandomVector(Offset + 16 * Stride, 33);
        var weights = TestMatrix.RandomVector(group * 16, 34);
        var start = TestMatrix.RandomVector(group * headDim, 35);
        var output = start.ToArray();
        GroupTiles512.AccumulateValues<float>(values, Offset, Stride, count, weights, 16, group, output);

        for (var h = 0; h < group; h++)
        {
            for (var d = 0; d < headDim; d++)
            {
                var exact = start[h * headDim + d] + Enumerable.Range(0, count).Sum(j => (double)weights[h * 16 + j] * values[Offset + j * Stride + d]);
                Assert.Equal(exact, output[h * headDim + d], 1e-5);
            }
            var alone = start.AsSpan(h * headDim, headDim).ToArray();
            GroupTiles512.AccumulateValues<float>(values, Offset, Stride, count, weights.AsSpan(h * 16, 16), 16, 1, alone);
            Assert.Equal(alone, output.AsSpan(h * headDim, headDim).ToArray());
        }
    }

    [Fact]
    public void SixteenBitRowsGiveTheBitsOfTheirFloatValues()
    {
        if (!GroupTiles512.IsSupported)
            return;
        const int group = 3, headDim = 64, count = 11;
        var queries = TestMatrix.RandomVector(group * headDim, 36);
        var keys = TestMatrix.RandomVector(Offset + 16 * Stride, 37);
        var halves = keys.Select(v => (Half)v).ToArray();
        var bf16 = keys.Select(NumberConversions.F32ToBf16).ToArray();
        var fromHalves = new float[group * 16];
        var fromBf16 = new float[group * 16];
        var fromFloats = new float[group * 16];

        GroupTiles512.Scores<Half>(queries, group, halves, Offset, Stride, count, 0.5f, fromHalves, 16);
        GroupTiles512.Scores<float>(queries, group, halves.Select(v => (float)v).ToArray(), Offset, Stride, count, 0.5f, fromFloats, 16);
        Assert.Equal(fromFloats, fromHalves);
        GroupTiles512.Scores<ushort>(queries, group, bf16, Offset, Stride, count, 0.5f, fromBf16, 16);
        GroupTiles512.Scores<float>(queries, group, bf16.Select(NumberConversions.Bf16ToF32).ToArray(), Offset, Stride, count, 0.5f, fromFloats, 16);
        Assert.Equal(fromFloats, fromBf16);

        var output = new float[group * headDim];
        var expected = new float[group * headDim];
        GroupTiles512.AccumulateValues<Half>(halves, Offset, Stride, count, fromHalves, 16, group, output);
        GroupTiles512.AccumulateValues<float>(halves.Select(v => (float)v).ToArray(), Offset, Stride, count, fromHalves, 16, group, expected);
        Assert.Equal(expected, output);
    }
}

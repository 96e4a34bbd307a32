namespace SharpInfer.Kernels.Tests;

public sealed class DotTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(896)]
    public void F32MatchesDoublePrecision(int length)
    {
        var x = TestMatrix.RandomVector(length, 1);
        var w = TestMatrix.RandomVector(length, 2);
        var expected = x.Zip(w, (a, b) => (double)a * b).Sum();
        Assert.Equal(expected, Dot.F32(x, w), 1e-4);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(83)]
    [InlineData(4864)]
    public void Bf16IsBitIdenticalToF32OnTheWidenedRow(int length)
    {
        var x = TestMatrix.RandomVector(length, 3);
        var packed = TestMatrix.RandomVector(length, 4).Select(NumberConversions.F32ToBf16).ToArray();
        var widened = new float[length];
        NumberConversions.Bf16ToF32(packed, widened);
        Assert.Equal(Dot.F32(x, widened), Dot.Bf16(x, packed));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(40)]
    [InlineData(83)]
    [InlineData(896)]
    [InlineData(4864)]
    public void F32x4IsBitIdenticalToFourF32Calls(int length)
    {
        var w = TestMatrix.RandomVector(length, 5);
        var x = TestMatrix.RandomVector(4 * (length + 3), 6); // rows with padding between them
        var results = new float[4];

        DotBatch.F32x4(w, x, length + 3, results);

        for (var t = 0; t < 4; t++)
            Assert.Equal(Dot.F32(x.AsSpan(t * (length + 3), length), w), results[t]);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(48)]
    [InlineData(83)]
    [InlineData(896)]
    [InlineData(4864)]
    public void Bf16x4IsBitIdenticalToFourBf16Calls(int length)
    {
        var w = TestMatrix.RandomVector(length, 7).Select(NumberConversions.F32ToBf16).ToArray();
        var x = TestMatrix.RandomVector(4 * (length + 1), 8);
        var results = new float[4];

        DotBatch.Bf16x4(w, x, length + 1, results);

        for (var t = 0; t < 4; t++)
            Assert.Equal(Dot.Bf16(x.AsSpan(t * (length + 1), length), w), results[t]);
    }
}

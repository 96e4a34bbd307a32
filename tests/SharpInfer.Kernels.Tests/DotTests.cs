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
}

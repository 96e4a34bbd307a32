using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels.Tests;

public sealed class ActivationQuantizerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(100)]
    [InlineData(896)]
    public void DynamicEqualsTheScalarReferenceBitwise(int length)
    {
        var x = TestMatrix.RandomVector(length, seed: length + 1);
        var padded = length + 64;
        var fast = new byte[padded];
        var reference = new byte[padded];

        var fastScale = ActivationQuantizer.Dynamic(x, fast);
        var referenceScale = ActivationQuantizer.DynamicScalar(x, reference);

        Assert.Equal(referenceScale, fastScale);
        Assert.Equal(reference, fast);
        Assert.All(fast[length..], b => Assert.Equal(128, b));
    }

    [Fact]
    public void DynamicRoundsHalvesToEvenAndMapsTheExtremesTo1And255()
    {
        // absmax 127 makes the factor exactly 1, so each value is its own q before rounding.
        float[] x = [127f, -127f, 2.5f, -3.5f, 0.5f, -0.5f, 1.5f, 126.5f, .. Enumerable.Repeat(3.5f, 40)];
        var q = new byte[x.Length];

        var scale = ActivationQuantizer.Dynamic(x, q);

        Assert.Equal(1f, scale);
        int[] expected = [127, -127, 2, -4, 0, 0, 2, 126, .. Enumerable.Repeat(4, 40)];
        Assert.Equal(expected.Select(v => (byte)(v + 128)), q);
    }

    [Fact]
    public void AllZeroTokensQuantizeToZeroWithScaleZero()
    {
        var q = new byte[40];
        Assert.Equal(0f, ActivationQuantizer.Dynamic(new float[40], q));
        Assert.All(q, b => Assert.Equal(128, b));
    }
}

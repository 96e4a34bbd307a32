using System.Runtime.Intrinsics.X86;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels.Tests;

public sealed unsafe class Int8DotTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(4928)]
    public void SimdPathsMatchTheScalarReferenceExactly(int length)
    {
        var random = new Random(length);
        var a = new byte[length];
        var w = new sbyte[length];
        random.NextBytes(a);
        for (var k = 0; k < length; k++)
            w[k] = (sbyte)random.Next(-128, 128);
        AssertAllPathsAgree(a, w);
    }

    [Fact]
    public void ExtremesDoNotSaturate()
    {
        // 255 · -128 in every lane: vpmaddubsw would saturate int16 here; the exact sum is what we want.
        var a = Enumerable.Repeat((byte)255, 256).ToArray();
        var w = Enumerable.Repeat((sbyte)-128, 256).ToArray();
        var expected = 255 * -128 * 256;
        fixed (byte* ap = a)
        fixed (sbyte* wp = w)
            Assert.Equal(expected, Int8Dot.Scalar(ap, wp, a.Length));
        AssertAllPathsAgree(a, w);
    }

    private static void AssertAllPathsAgree(byte[] a, sbyte[] w)
    {
        fixed (byte* ap = a)
        fixed (sbyte* wp = w)
        {
            var reference = Int8Dot.Scalar(ap, wp, a.Length);
            Assert.Equal(reference, Int8Dot.Dot(ap, wp, a.Length));
            if (AvxVnni.IsSupported)
                Assert.Equal(reference, Int8Dot.Vnni(ap, wp, a.Length));
            if (Avx2.IsSupported)
                Assert.Equal(reference, Int8Dot.Widening(ap, wp, a.Length));
        }
    }
}

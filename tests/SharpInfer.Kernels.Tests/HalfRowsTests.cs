namespace SharpInfer.Kernels.Tests;

public sealed class HalfRowsTests
{
    [Fact]
    public void EveryFiniteHalfWidensToTheFloatOfItsValue()
    {
        // All 65,536 bit patterns as 2,048 rows of 32 (16-lane path), as rows of 24 (16 + an 8-lane step), and as rows of
        // 35 (a 3-element scalar tail): every path gives the scalar Widen's bits.
        var all = Enumerable.Range(0, 65536).Select(i => BitConverter.UInt16BitsToHalf((ushort)i)).ToArray();
        foreach (var width in new[] { 32, 24, 35 })
        {
            var count = all.Length / width;
            var widened = new float[count * width];
            HalfRows.ToF32(all, 0, width, count, width, widened);
            for (var i = 0; i < widened.Length; i++)
            {
                var bits = (ushort)i;
                Assert.Equal(BitConverter.SingleToInt32Bits(HalfRows.Widen(bits)), BitConverter.SingleToInt32Bits(widened[i]));
                if (Half.IsFinite(all[i]))
                    Assert.Equal(BitConverter.SingleToInt32Bits((float)all[i]), BitConverter.SingleToInt32Bits(widened[i]));
                else
                    Assert.True(float.IsFinite(widened[i]) && MathF.Abs(widened[i]) >= 65536, $"half 0x{i:X4} reads back outside the stored range");
            }
        }
    }

    [Fact]
    public void RowsAreReadAtTheirStrideAndOffset()
    {
        // Three rows of 20 at offset 7 and stride 50: the gaps are never read into the output.
        var source = Enumerable.Range(0, 200).Select(i => (Half)(i * 0.5f)).ToArray();
        var widened = new float[60];
        HalfRows.ToF32(source, 7, 50, 3, 20, widened);
        for (var r = 0; r < 3; r++)
            for (var c = 0; c < 20; c++)
                Assert.Equal((7 + r * 50 + c) * 0.5f, widened[r * 20 + c]);
    }

    [Fact]
    public void NarrowingRoundsToNearestEvenSaturatesAndFlushesSubnormals()
    {
        float[] source = [1f, 1f + 1f / 2048, 1f + 3f / 2048, 65519f, 6.2e-5f, 65520f, -1e9f, float.PositiveInfinity, 3e-5f, -1e-6f, float.NaN];
        var narrowed = new Half[source.Length];
        HalfRows.FromF32(source, narrowed);

        // In range: the IEEE conversion. 1 + 2^-11 and 1 + 3·2^-11 are ties between halves (one ulp is 2^-10): they go to
        // the even neighbours 1 and 1 + 2^-9. 6.2e-5 is just above the smallest normal half.
        for (var i = 0; i < 5; i++)
            Assert.Equal((Half)source[i], narrowed[i]);
        Assert.Equal((Half)1f, narrowed[1]);
        Assert.Equal((Half)(1f + 1f / 512), narrowed[2]);
        Assert.True(Half.IsNormal(narrowed[4]));
        // Past the range (65520 and up rounds to infinity): the largest half of the same sign.
        Assert.Equal(HalfRows.MaxValue, (float)narrowed[5]);
        Assert.Equal(-HalfRows.MaxValue, (float)narrowed[6]);
        Assert.Equal(HalfRows.MaxValue, (float)narrowed[7]);
        // Under the smallest normal half: a zero of the same sign.
        Assert.Equal(0x0000, BitConverter.HalfToUInt16Bits(narrowed[8]));
        Assert.Equal(0x8000, BitConverter.HalfToUInt16Bits(narrowed[9]));
        Assert.True(Half.IsNaN(narrowed[10]));
    }
}

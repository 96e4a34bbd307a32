namespace SharpInfer.Kernels.Tests;

public sealed class ElementwiseTests
{
    [Fact]
    public void RmsNormMatchesScalarReference()
    {
        var x = TestMatrix.RandomVector(70, 1);
        var weight = TestMatrix.RandomVector(70, 2);
        var fast = new float[70];
        var reference = new float[70];
        RmsNorm.Apply(x, weight, 1e-6f, fast);
        RmsNorm.ApplyScalar(x, weight, 1e-6f, reference);
        for (var i = 0; i < 70; i++)
            Assert.Equal(reference[i], fast[i], 5e-6f);
    }

    [Fact]
    public void RmsNormKnownValue()
    {
        var y = new float[2];
        RmsNorm.Apply([3f, 4f], [1f, 2f], 0f, y);
        var rms = MathF.Sqrt(12.5f);
        Assert.Equal(3 / rms, y[0], 1e-6f);
        Assert.Equal(8 / rms, y[1], 1e-6f);
    }

    [Fact]
    public void SiluMulMatchesScalarReference()
    {
        var gate = TestMatrix.RandomVector(45, 3).Select(v => v * 8).ToArray();
        var up = TestMatrix.RandomVector(45, 4);
        var fast = new float[45];
        var reference = new float[45];
        Activations.SiluMul(gate, up, fast);
        Activations.SiluMulScalar(gate, up, reference);
        for (var i = 0; i < 45; i++)
            Assert.Equal(reference[i], fast[i], 1e-5f);
    }

    [Fact]
    public void SiluMulWritesInPlaceOverGate()
    {
        var gate = TestMatrix.RandomVector(600, 7).Select(v => v * 8).ToArray();
        var up = TestMatrix.RandomVector(600, 8);
        var reference = new float[600];
        Activations.SiluMulScalar(gate, up, reference);
        Activations.SiluMul(gate, up, gate);
        for (var i = 0; i < 600; i++)
            Assert.Equal(reference[i], gate[i], 1e-5f);
    }

    [Fact]
    public void LogSoftmaxMatchesDoublePrecision()
    {
        var logits = TestMatrix.RandomVector(1000, 5).Select(v => v * 20).ToArray();
        var logProbs = new float[1000];
        Softmax.Log(logits, logProbs);
        var max = logits.Max();
        var logSum = Math.Log(logits.Sum(v => Math.Exp(v - max))) + max;
        for (var i = 0; i < 1000; i++)
            Assert.Equal(logits[i] - logSum, logProbs[i], 1e-4);
    }

    [Fact]
    public void SoftmaxSumsToOne()
    {
        float[] values = [1, 2, 3, 1000];
        Softmax.InPlace(values);
        Assert.Equal(1f, values.Sum(), 1e-6f);
        Assert.Equal(1f, values[3], 1e-6f);
    }

    [Fact]
    public void Bf16ConversionIsExactAndRoundsToNearestEven()
    {
        ushort[] bits = [0x3F80, 0xC040, 0x0000, 0x7F80, 0x3F81, 0x4049, 0x3F80, 0xBF80, 0x1234, 0x4000, 0x3F00, 0x3E80, 0x4080, 0x40A0, 0x40C0, 0x40E0, 0x4100];
        var floats = new float[bits.Length];
        NumberConversions.Bf16ToF32(bits, floats);
        for (var i = 0; i < bits.Length; i++)
        {
            Assert.Equal(BitConverter.Int32BitsToSingle(bits[i] << 16), floats[i]);
            Assert.Equal(bits[i], NumberConversions.F32ToBf16(floats[i]));
        }
        // 1 + 2^-8 is exactly halfway between two BF16 values: ties go to the even mantissa (1.0).
        Assert.Equal((ushort)0x3F80, NumberConversions.F32ToBf16(1f + 1f / 256));
    }

    [Fact]
    public void RotateHalfRotatesPairsByTheAngle()
    {
        float[] head = [1, 2, 0, 0];
        var angle0 = MathF.PI / 2;
        var angle1 = MathF.PI;
        Rope.ApplyRotateHalf(head, [MathF.Cos(angle0), MathF.Cos(angle1)], [MathF.Sin(angle0), MathF.Sin(angle1)]);
        // pair (0, 2) = (1, 0) rotated by 90° → (0, 1); pair (1, 3) = (2, 0) rotated by 180° → (-2, 0).
        Assert.Equal(0f, head[0], 1e-6f);
        Assert.Equal(-2f, head[1], 1e-6f);
        Assert.Equal(1f, head[2], 1e-6f);
        Assert.Equal(0f, head[3], 1e-6f);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(40)] // two vectors and a scalar tail
    [InlineData(3)]
    public void RotateHalfMatchesScalarReferenceBitForBit(int half)
    {
        var head = TestMatrix.RandomVector(2 * half + 5, seed: 21); // a tail past the rotary part passes through
        var angles = TestMatrix.RandomVector(half, seed: 22);
        var cos = angles.Select(a => MathF.Cos(10 * a)).ToArray();
        var sin = angles.Select(a => MathF.Sin(10 * a)).ToArray();
        var reference = head.ToArray();
        Rope.ApplyRotateHalf(head, cos, sin);
        Rope.ApplyRotateHalfScalar(reference, cos, sin);
        Assert.Equal(reference, head);
    }

    [Theory]
    [InlineData(151936, 151935)] // the maximum in the scalar tail
    [InlineData(1000, 17)]
    [InlineData(49152, 0)]
    [InlineData(40, 39)]
    public void IndexOfMaxMatchesTheScalarLoop(int length, int peak)
    {
        var values = TestMatrix.RandomVector(length, seed: length);
        values[peak] = 10f;
        Assert.Equal(peak, VectorMath.IndexOfMax(values));
        // Ties go to the first index; NaNs are skipped, as the scalar loop skips them.
        values[length - 1] = 10f;
        values[length / 2] = float.NaN;
        Assert.Equal(VectorMath.IndexOfMaxScalar(values), VectorMath.IndexOfMax(values));
        Assert.Equal(Math.Min(peak, length - 1), VectorMath.IndexOfMax(values));
        values[0] = float.NaN; // a NaN first element wins nothing in either
        Assert.Equal(VectorMath.IndexOfMaxScalar(values), VectorMath.IndexOfMax(values));
    }

    [Fact]
    public void LaneSumsPutEachVectorsSumInItsLane()
    {
        if (!LaneSums.IsSupported)
            return; // the tree is AVX-512 only; attention falls back to one reduction per key elsewhere
        var vectors = new System.Runtime.Intrinsics.Vector512<float>[16];
        for (var j = 0; j < 16; j++)
            vectors[j] = System.Runtime.Intrinsics.Vector512.Create(Enumerable.Range(0, 16).Select(lane => (float)((j + 1) * 100 + lane * lane)).ToArray());
        var sums = LaneSums.Of16(vectors);
        for (var j = 0; j < 16; j++)
            Assert.Equal(16 * (j + 1) * 100 + 1240, sums[j]); // Σ lane² over 0..15 = 1240, all exact in float
    }

    [Fact]
    public void InterleavedRotatesAdjacentPairsByTheAngle()
    {
        float[] head = [1, 0, 2, 0];
        var angle0 = MathF.PI / 2;
        var angle1 = MathF.PI;
        Rope.ApplyInterleaved(head, [MathF.Cos(angle0), MathF.Cos(angle1)], [MathF.Sin(angle0), MathF.Sin(angle1)]);
        // pair (0, 1) = (1, 0) rotated by 90° → (0, 1); pair (2, 3) = (2, 0) rotated by 180° → (-2, 0).
        Assert.Equal(0f, head[0], 1e-6f);
        Assert.Equal(1f, head[1], 1e-6f);
        Assert.Equal(-2f, head[2], 1e-6f);
        Assert.Equal(0f, head[3], 1e-6f);
    }
}

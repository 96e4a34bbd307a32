using SharpInfer.Core;

namespace SharpInfer.Kernels.Tests;

public sealed class SwiGluLinearTests
{
    [Theory]
    [InlineData(DType.BF16, 96, 45)]   // three gate panels: a two-panel unit, then a lone gate/up pair
    [InlineData(DType.BF16, 256, 83)]
    [InlineData(DType.F32, 64, 33)]
    [InlineData(DType.F16, 32, 20)]   // F16 checkpoints are packed as F32 panels
    [InlineData(DType.BF16, 1536, 64)] // SmolLM2-135M's intermediate size
    public void MatchesTheMatrixThenTheActivationBitForBit(DType dtype, int inter, int cols)
    {
        using var w = new TestMatrix(dtype, 2 * inter, cols, seed: 11);
        var x = TestMatrix.RandomVector(cols, seed: 12);
        var gateUp = new float[2 * inter];
        var expected = new float[inter];
        Linear.Forward(x, 1, w.Matrix, [], gateUp);
        Activations.SiluMul(gateUp.AsSpan(0, inter), gateUp.AsSpan(inter), expected);

        var fused = new float[inter];
        // Without vector hardware (DOTNET_EnableHWIntrinsic=0) there is no fused path, and asking for it is an error.
        var vectors = PanelDispatch.Width != PanelDispatch.LaneWidth.Scalar;
        Assert.Equal(vectors, SwiGluLinear.CanFuse(w.Matrix, 1));
        if (!vectors)
        {
            Assert.Throws<ArgumentException>(() => SwiGluLinear.ForwardOneToken(x, w.Matrix, fused));
            return;
        }
        SwiGluLinear.ForwardOneToken(x, w.Matrix, fused);

        Assert.Equal(expected, fused);
    }

    [Fact]
    public void FusesOnlyOneTokenWithUpRowsOnAPanelBoundary()
    {
        using var aligned = new TestMatrix(DType.BF16, 128, 16, seed: 1);
        using var unaligned = new TestMatrix(DType.BF16, 80, 16, seed: 1);

        Assert.False(SwiGluLinear.CanFuse(aligned.Matrix, 2));
        Assert.False(SwiGluLinear.CanFuse(unaligned.Matrix, 1));
        Assert.Throws<ArgumentException>(() => SwiGluLinear.ForwardOneToken(new float[16], unaligned.Matrix, new float[40]));
        Assert.Throws<ArgumentException>(() => SwiGluLinear.ForwardOneToken(new float[16], aligned.Matrix, new float[63]));
    }
}

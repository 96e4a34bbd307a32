using SharpInfer.Core;

namespace SharpInfer.Kernels.Tests;

/// <summary>
/// The 128-bit decode kernels (Arm AdvSIMD's path) run here directly, whatever path this machine picked, against the
/// scalar reference: one and two panels at a time, BF16 and F32 panels.
/// </summary>
public sealed unsafe class Lanes128Tests
{
    [Theory]
    [InlineData(DType.BF16, 83)]
    [InlineData(DType.F32, 33)]
    [InlineData(DType.F16, 20)]
    public void DecodeKernelsMatchTheScalarReferenceBitForBit(DType dtype, int cols)
    {
        const int rows = 3 * WeightMatrix.PanelRows;
        using var w = new TestMatrix(dtype, rows, cols, seed: 21);
        var x = TestMatrix.RandomVector(cols, seed: 22);
        var reference = new float[rows];
        Linear.ForwardScalar(x, 1, w.Matrix, [], reference);

        var y = new float[rows];
        var panelBytes = (nint)(w.Matrix.PanelStride * 4);
        fixed (float* xp = x, yp = y)
        {
            var data = w.Matrix.Data;
            if (w.Matrix.IsBf16)
            {
                PanelKernels.Token1Panels2<Lanes128, Bf16Panel>(data, data + panelBytes, cols, xp, yp);
                PanelKernels.Token1<Lanes128, Bf16Panel>(data + 2 * panelBytes, cols, xp, yp + 2 * WeightMatrix.PanelRows);
            }
            else
            {
                PanelKernels.Token1Panels2<Lanes128, F32Panel>(data, data + panelBytes, cols, xp, yp);
                PanelKernels.Token1<Lanes128, F32Panel>(data + 2 * panelBytes, cols, xp, yp + 2 * WeightMatrix.PanelRows);
            }
        }

        Assert.Equal(reference, y);
    }
}

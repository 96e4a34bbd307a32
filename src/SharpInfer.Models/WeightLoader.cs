using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>Fetches named tensors from a source with their expected shapes: matrices repacked for the kernels, vectors as float32.</summary>
internal sealed class WeightLoader(ITensorSource source)
{
    public WeightMatrix Matrix(string name, int rows, int cols)
    {
        var view = source.Get(name, [rows, cols]);
        RequireFloat(view);
        var packed = new WeightMatrix(view.Data, view.DType, rows, cols);
        source.Release(name);
        return packed;
    }

    public float[] Vector(string name, int length)
    {
        var view = source.Get(name, [length]);
        RequireFloat(view);
        return NumberConversions.ToF32(view.Data, view.DType, length);
    }

    private void RequireFloat(TensorView view)
    {
        if (view.DType is not (DType.F32 or DType.F16 or DType.BF16))
            throw new UserErrorException(
                $"tensor '{view.Name}' in {source.Description} has dtype {view.DType.SafetensorsName()}; this model loader reads F32, F16 or BF16 weights");
    }
}

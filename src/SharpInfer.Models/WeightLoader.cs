using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>Fetches named tensors from a source with their expected shapes: matrices repacked for the kernels, vectors as float32.</summary>
internal sealed class WeightLoader(ITensorSource source)
{
    public WeightMatrix Matrix(string name, int rows, int cols) => Stacked([(name, rows)], cols);

    /// <summary>Several [rows_i, cols] matrices packed as one [Σ rows_i, cols] (e.g. q, k and v projections).</summary>
    public WeightMatrix Stacked((string Name, int Rows)[] parts, int cols)
    {
        var views = parts.Select(p => source.Get(p.Name, [p.Rows, cols])).ToArray();
        foreach (var view in views)
        {
            RequireFloat(view);
            if (view.DType != views[0].DType)
                throw new UserErrorException($"tensor '{view.Name}' in {source.Description} is {view.DType.SafetensorsName()} but '{views[0].Name}' is {views[0].DType.SafetensorsName()}; they must share a dtype");
        }
        var packed = new WeightMatrix(views.Select(v => v.Data).ToArray(), parts.Select(p => p.Rows).ToArray(), views[0].DType, cols);
        foreach (var part in parts)
            source.Release(part.Name);
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

using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Kernels.Int8;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Models;

/// <summary>
/// Fetches named tensors from a source with their expected shapes: matrices repacked for the kernels (or as
/// W8A8 int8 when the checkpoint is, or is to be, quantized), vectors as float32.
/// </summary>
internal sealed class WeightLoader(ITensorSource source, Int8WeightReader? int8 = null)
{
    public WeightMatrix Matrix(string name, int rows, int cols) => Stacked([(name, rows)], cols);

    /// <summary>Several [rows_i, cols] matrices as one [Σ rows_i, cols] (e.g. q, k and v projections).</summary>
    public WeightMatrix Stacked((string Name, int Rows)[] parts, int cols)
    {
        if (int8 is not null)
        {
            var quantized = parts.Select(p => int8.TryLoad(p.Name, p.Rows, cols, () => FloatMatrix([p], cols))).ToArray();
            if (quantized.All(q => q is not null))
                return new WeightMatrix(quantized!);
            if (quantized.Any(q => q is not null))
                throw new UserErrorException(
                    $"{string.Join(", ", parts.Select(p => p.Name))} read the same input but only some of them are W8A8 in {source.Description}; quantize all of them or none");
        }
        return FloatMatrix(parts, cols);
    }

    /// <summary>A tied lm_head: the embedding itself, or its int8 copy when layers are quantized at load.</summary>
    public WeightMatrix TiedHead(string name, WeightMatrix embedding) =>
        int8?.TryLoad(name, embedding.Rows, embedding.Cols, () => embedding) is { } quantized ? new WeightMatrix([quantized]) : embedding;

    public float[] Vector(string name, int length)
    {
        var view = source.Get(name, [length]);
        RequireFloat(view);
        return NumberConversions.ToF32(view.Data, view.DType, length);
    }

    private WeightMatrix FloatMatrix((string Name, int Rows)[] parts, int cols)
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

    private void RequireFloat(TensorView view)
    {
        if (view.DType is not (DType.F32 or DType.F16 or DType.BF16))
            throw new UserErrorException(
                $"tensor '{view.Name}' in {source.Description} has dtype {view.DType.SafetensorsName()}; this model loader reads F32, F16 or BF16 weights");
    }
}

using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Models;

/// <summary>Fetches named tensors from a source with their expected shapes, as kernel-ready views.</summary>
internal sealed class WeightLoader(ITensorSource source, Int8WeightReader? int8 = null)
{
    public WeightMatrix Matrix(string name, int rows, int cols)
    {
        if (int8?.TryLoad(name, rows, cols, () => FloatMatrix(name, rows, cols)) is { } quantized)
            return quantized;
        return FloatMatrix(name, rows, cols);
    }

    /// <summary>A tied lm_head: the embedding itself, or its int8 copy when layers are quantized at load.</summary>
    public WeightMatrix TiedHead(string name, WeightMatrix embedding) =>
        int8?.TryLoad(name, embedding.Rows, embedding.Cols, () => embedding) ?? embedding;

    private WeightMatrix FloatMatrix(string name, int rows, int cols)
    {
        var view = source.Get(name, [rows, cols]);
        RequireFloat(view);
        return new WeightMatrix(view.Data, view.DType, rows, cols);
    }

    public float[] Vector(string name, int length)
    {
        var view = source.Get(name, [length]);
        RequireFloat(view);
        var result = new float[length];
        new WeightMatrix(view.Data, view.DType, 1, length).ReadRow(0, result);
        return result;
    }

    private void RequireFloat(TensorView view)
    {
        if (view.DType is not (DType.F32 or DType.F16 or DType.BF16))
            throw new UserErrorException(
                $"tensor '{view.Name}' in {source.Description} has dtype {view.DType.SafetensorsName()}; this model loader reads F32, F16 or BF16 weights");
    }
}

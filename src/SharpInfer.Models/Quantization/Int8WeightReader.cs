using SharpInfer.Checkpoints;
using SharpInfer.Checkpoints.Conversion;
using SharpInfer.Checkpoints.Quantization;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Models.Quantization;

/// <summary>
/// Turns a linear layer's weight into a W8A8 matrix when the checkpoint stores it that way
/// (compressed-tensors: int8 <c>weight</c> + <c>weight_scale</c> [out, 1] (+ <c>input_scale</c> [1] when
/// static); msmodelslim: tags W8A8_DYNAMIC / W8A8 with <c>weight_scale</c>, <c>weight_offset</c>,
/// <c>input_scale</c>, <c>input_offset</c>, <c>deq_scale</c>, <c>quant_bias</c>), or when asked to quantize
/// at load. Returns null for layers that stay in floating point.
/// </summary>
internal sealed unsafe class Int8WeightReader(ITensorSource source, CheckpointQuantization scheme, WeightQuantization atLoad)
{
    private readonly Dictionary<string, Int8Matrix> _matrices = new(StringComparer.Ordinal);

    /// <summary>Every int8 matrix loaded, by weight name (calibration attaches to these).</summary>
    public IReadOnlyDictionary<string, Int8Matrix> Matrices => _matrices;

    public Int8Matrix? TryLoad(string name, int rows, int cols, Func<WeightMatrix> floatMatrix)
    {
        var matrix = scheme.Kind switch
        {
            CheckpointQuantizationKind.CompressedTensors => CompressedTensors(name, rows, cols),
            CheckpointQuantizationKind.MsModelSlim => MsModelSlim(name, rows, cols),
            _ => null,
        };
        if (matrix is null && atLoad == WeightQuantization.W8A8 && !StaysFloatAtLoad(name))
            matrix = Int8Matrix.Quantize(floatMatrix(), Int8Activation.Dynamic);
        if (matrix is null)
            return null;
        _matrices[name] = matrix;
        return matrix;
    }

    /// <summary>
    /// Matrices that quantizing at load would only hurt: the embedding is a lookup, not a product; MLA's
    /// kv_b_proj is folded into float32 query and output maps (it never runs as a linear layer); and an MoE
    /// router's int8 scores could flip which experts a token picks (vLLM keeps routers unquantized too).
    /// </summary>
    private static bool StaysFloatAtLoad(string name) =>
        name.EndsWith("embed_tokens.weight", StringComparison.Ordinal)
        || name.EndsWith("kv_b_proj.weight", StringComparison.Ordinal)
        || name.EndsWith("mlp.gate.weight", StringComparison.Ordinal);

    private Int8Matrix? CompressedTensors(string name, int rows, int cols)
    {
        var prefix = Prefix(name);
        if (!source.Contains(prefix + ".weight_scale"))
            return null;
        var weight = Int8Weight(name, rows, cols);
        var scales = Floats(prefix + ".weight_scale", [rows, 1]);
        var activation = scheme.DynamicActivations ? Int8Activation.Dynamic : Int8Activation.Static(Floats(prefix + ".input_scale", [1])[0]);
        return Int8Matrix.FromInt8((sbyte*)weight.Data, rows, cols, scales, activation);
    }

    private Int8Matrix? MsModelSlim(string name, int rows, int cols)
    {
        if (!scheme.MsModelSlimTags.TryGetValue(name, out var tag) || tag == "FLOAT")
            return null;
        var prefix = Prefix(name);
        switch (tag)
        {
            case "W8A8_DYNAMIC":
            {
                var weight = Int8Weight(name, rows, cols);
                if (Floats(prefix + ".weight_offset", [rows, 1]).Any(v => v != 0))
                    throw new UserErrorException($"'{prefix}.weight_offset' in {source.Description} is not all zero; asymmetric int8 weights are not supported");
                return Int8Matrix.FromInt8((sbyte*)weight.Data, rows, cols, Floats(prefix + ".weight_scale", [rows, 1]), Int8Activation.Dynamic);
            }
            case "W8A8":
            {
                var weight = Int8Weight(name, rows, cols);
                var inputScale = Floats(prefix + ".input_scale", [1])[0];
                var inputOffset = (int)MathF.Round(Floats(prefix + ".input_offset", [1])[0]);
                var deqScale = DeqScale(prefix + ".deq_scale", rows);
                var quantBias = source.Get(prefix + ".quant_bias", [rows]);
                if (quantBias.DType != DType.I32)
                    throw new UserErrorException($"'{quantBias.Name}' in {source.Description} has dtype {quantBias.DType.SafetensorsName()}; expected I32");
                var weightScales = source.Contains(prefix + ".weight_scale")
                    ? Floats(prefix + ".weight_scale", [rows, 1])
                    : deqScale.Select(d => d / inputScale).ToArray();
                return Int8Matrix.FromInt8((sbyte*)weight.Data, rows, cols, weightScales, Int8Activation.Static(inputScale, inputOffset),
                    deqScale, new ReadOnlySpan<int>((int*)quantBias.Data, rows));
            }
            default:
                throw new UserErrorException($"'{name}' is tagged {tag} in {MsModelSlimDescription.FileName}; SharpInfer loads W8A8, W8A8_DYNAMIC and FLOAT tensors");
        }
    }

    private TensorView Int8Weight(string name, int rows, int cols)
    {
        var view = source.Get(name, [rows, cols]);
        if (view.DType != DType.I8)
            throw new UserErrorException($"quantized tensor '{name}' in {source.Description} has dtype {view.DType.SafetensorsName()}; expected I8");
        return view;
    }

    private float[] Floats(string name, long[] shape) => TensorFloats.Read(source.Get(name, shape));

    /// <summary>msmodelslim stores deq_scale as float32, or (for Ascend kernels) as int64 holding the float32 bits.</summary>
    private float[] DeqScale(string name, int rows)
    {
        var view = source.Get(name, [rows]);
        if (view.DType != DType.I64)
            return TensorFloats.Read(view);
        var values = new float[rows];
        for (var r = 0; r < rows; r++)
            values[r] = BitConverter.Int32BitsToSingle((int)((long*)view.Data)[r]);
        return values;
    }

    private static string Prefix(string name) =>
        name.EndsWith(".weight", StringComparison.Ordinal) ? name[..^".weight".Length] : name;
}

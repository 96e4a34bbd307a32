using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SharpInfer.Checkpoints;
using SharpInfer.Checkpoints.Conversion;
using SharpInfer.Checkpoints.Writing;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Models.Quantization;

/// <summary>
/// Writes a W8A8 checkpoint in the compressed-tensors layout vLLM loads: for every linear layer
/// (<c>*_proj</c> and <c>lm_head</c>, minus the ignore list) an I8 <c>weight</c> quantized symmetrically
/// per output channel (scale = absmax/127) and an F32 <c>weight_scale</c> [out, 1]; with static
/// activations also an F32 <c>input_scale</c> [1] from calibration. Other tensors are copied; config.json
/// gets the matching <c>quantization_config</c>.
/// </summary>
public static class W8A8CheckpointWriter
{
    public static string Write(W8A8Options options, Action<string> progress)
    {
        using var shards = CheckpointShards.Open(options.Input);
        var config = HfConfigReader.ReadModelConfig(options.Input);
        if (File.Exists(Path.Combine(options.Input, "config.json")) && JsonNode.Parse(File.ReadAllText(Path.Combine(options.Input, "config.json")))?["quantization_config"] is not null)
            throw new UserErrorException($"{options.Input} is already quantized (config.json has a quantization_config); quantize a BF16, F16 or F32 checkpoint");
        // MLA folds kv_b_proj into float32 query and output maps: it never runs as a linear layer, so it stays float.
        if (config.Mla is not null && !options.Ignore.Contains("kv_b_proj"))
            options = options with { Ignore = [.. options.Ignore, "kv_b_proj"] };
        var inputScales = options.Static ? ActivationCalibration.InputScales(options.Input, options.CalibrationSamples, progress) : null;
        OutputFolder.Prepare(options.Input, options.Output, options.Force);
        var quantized = 0;
        var (tensors, bytes) = ShardedConversion.Run(shards, options.Output, name =>
        {
            var view = shards.View(name);
            if (!IsTarget(name, view, options.Ignore))
                return [TensorToWrite.CopyOf(view)];
            quantized++;
            var module = name[..^".weight".Length];
            var written = Quantize(view);
            if (inputScales is null)
                return written;
            var inputScale = InputScale(inputScales, name);
            return [.. written, TensorToWrite.FromBytes(module + ".input_scale", DType.F32, [1], BitConverter.GetBytes(inputScale))];
        }, progress);
        OutputFolder.RewriteConfig(options.Input, options.Output, json => json["quantization_config"] = QuantizationConfig(options));
        var copied = OutputFolder.CopySmallFiles(options.Input, options.Output);
        var activations = options.Static ? "static per-tensor" : "dynamic per-token";
        return $"quantized {quantized} linear layers of {config.ModelType} to W8A8 (int8 weights per channel, {activations} int8 activations); wrote {tensors} tensors ({bytes / 1048576.0:F1} MiB); copied {string.Join(", ", copied.Prepend("config.json"))}";
    }

    /// <summary>
    /// The calibrated input scale of a layer. A routed expert no calibration token was sent to takes the largest
    /// scale of the same projection among its layer's other experts (gate and up read the same hidden states).
    /// </summary>
    private static float InputScale(IReadOnlyDictionary<string, float> scales, string name)
    {
        if (scales.TryGetValue(name, out var scale))
            return scale;
        var expert = Regex.Match(name, @"^(.*\.experts\.)\d+(\.[^.]+\.weight)$", RegexOptions.CultureInvariant);
        if (expert.Success)
        {
            var siblings = scales.Where(pair => pair.Key.StartsWith(expert.Groups[1].Value, StringComparison.Ordinal)
                && pair.Key.EndsWith(expert.Groups[2].Value, StringComparison.Ordinal)).Select(pair => pair.Value).ToArray();
            if (siblings.Length > 0)
                return siblings.Max();
        }
        throw new UserErrorException(
            $"calibration saw no input for {name[..^".weight".Length]}; give more --calib-samples (or longer ones), or leave the layer in floating point with --ignore");
    }

    /// <summary>A floating-point 2-D linear weight (<c>*_proj.weight</c> or <c>lm_head.weight</c>) not matched by the ignore list.</summary>
    public static bool IsTarget(string name, TensorView view, IReadOnlyList<string> ignore)
    {
        if (!name.EndsWith(".weight", StringComparison.Ordinal) || view.Shape.Length != 2 || view.DType is not (DType.F32 or DType.F16 or DType.BF16))
            return false;
        var module = name[..^".weight".Length];
        var leaf = module[(module.LastIndexOf('.') + 1)..];
        if (!leaf.EndsWith("_proj", StringComparison.Ordinal) && module != "lm_head")
            return false;
        // compressed-tensors ignore entries: a module name, its last component, or "re:<regex>".
        return !ignore.Any(entry => entry.StartsWith("re:", StringComparison.Ordinal)
            ? Regex.IsMatch(module, entry[3..], RegexOptions.CultureInvariant)
            : entry == module || entry == leaf);
    }

    private static unsafe TensorToWrite[] Quantize(TensorView view)
    {
        int rows = checked((int)view.Shape[0]), cols = checked((int)view.Shape[1]);
        var matrix = new WeightMatrix(view.Data, view.DType, rows, cols);
        var scales = new float[rows];
        var row = new float[cols];
        var quantizedRow = new sbyte[cols];
        for (var r = 0; r < rows; r++)
        {
            matrix.ReadRow(r, row);
            scales[r] = Int8Matrix.QuantizeRow(row, quantizedRow);
        }
        var scaleBytes = new byte[rows * 4];
        Buffer.BlockCopy(scales, 0, scaleBytes, 0, scaleBytes.Length);
        var module = view.Name[..^".weight".Length];
        return
        [
            new TensorToWrite(view.Name, DType.I8, view.Shape, stream =>
            {
                for (var r = 0; r < rows; r++)
                {
                    matrix.ReadRow(r, row);
                    Int8Matrix.QuantizeRow(row, quantizedRow);
                    stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(quantizedRow.AsSpan()));
                }
            }),
            TensorToWrite.FromBytes(module + ".weight_scale", DType.F32, [rows, 1], scaleBytes),
        ];
    }

    private static JsonObject QuantizationConfig(W8A8Options options) => new()
    {
        ["quant_method"] = "compressed-tensors",
        ["format"] = "int-quantized",
        ["quantization_status"] = "compressed",
        ["ignore"] = new JsonArray([.. options.Ignore.Select(i => (JsonNode)JsonValue.Create(i))]),
        ["kv_cache_scheme"] = null,
        ["config_groups"] = new JsonObject
        {
            ["group_0"] = new JsonObject
            {
                ["targets"] = new JsonArray("Linear"),
                ["weights"] = new JsonObject
                {
                    ["num_bits"] = 8, ["type"] = "int", ["symmetric"] = true, ["strategy"] = "channel", ["dynamic"] = false,
                    ["group_size"] = null, ["block_structure"] = null, ["observer"] = "minmax",
                },
                ["input_activations"] = new JsonObject
                {
                    ["num_bits"] = 8, ["type"] = "int", ["symmetric"] = true,
                    ["strategy"] = options.Static ? "tensor" : "token", ["dynamic"] = !options.Static,
                    ["group_size"] = null, ["block_structure"] = null, ["observer"] = options.Static ? "histogram-percentile" : null,
                },
                ["output_activations"] = null,
            },
        },
    };
}

using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Quantization;

/// <summary>
/// The int8 scheme a model folder declares: compressed-tensors W8A8 in config.json's quantization_config
/// (int8 per-channel weights; per-token dynamic or per-tensor static activations), msmodelslim's per-tensor
/// tags, or none. Other quantization methods are refused with what is supported.
/// </summary>
public sealed record CheckpointQuantization(CheckpointQuantizationKind Kind, bool DynamicActivations, IReadOnlyDictionary<string, string> MsModelSlimTags)
{
    public static CheckpointQuantization None { get; } = new(CheckpointQuantizationKind.None, true, new Dictionary<string, string>());

    public static CheckpointQuantization Read(string directory)
    {
        if (MsModelSlimDescription.Read(directory) is { } tags)
            return new CheckpointQuantization(CheckpointQuantizationKind.MsModelSlim, false, tags);
        var path = Path.Combine(directory, "config.json");
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?["quantization_config"] is not JsonObject config)
            return None;
        var method = config["quant_method"]?.ToString();
        if (method != "compressed-tensors")
            throw new UserErrorException($"{path}: quantization_config.quant_method '{method}' is not supported; SharpInfer runs compressed-tensors W8A8 and msmodelslim W8A8 checkpoints (convert FP8 ones with `sharpinfer convert fp8-to-bf16`)");
        bool? dynamic = null;
        foreach (var (name, group) in config["config_groups"] as JsonObject ?? [])
        {
            var weights = group?["weights"];
            var inputs = group?["input_activations"];
            if (weights?["num_bits"]?.GetValue<int>() != 8 || weights["type"]?.ToString() != "int" || weights["symmetric"]?.GetValue<bool>() != true
                || weights["strategy"]?.ToString() != "channel" || inputs?["num_bits"]?.GetValue<int>() != 8 || inputs["type"]?.ToString() != "int")
            {
                throw new UserErrorException(
                    $"{path}: quantization_config.config_groups.{name} is not W8A8 (8-bit symmetric int weights per channel, 8-bit int input activations); only W8A8 is supported");
            }
            var groupDynamic = inputs["dynamic"]?.GetValue<bool>() == true;
            if (!groupDynamic && inputs["symmetric"]?.GetValue<bool>() != true)
                throw new UserErrorException($"{path}: config_groups.{name} has asymmetric static input activations; only symmetric ones are supported");
            if (dynamic is { } other && other != groupDynamic)
                throw new UserErrorException($"{path}: config groups mix dynamic and static activations; use one scheme");
            dynamic = groupDynamic;
        }
        if (dynamic is null)
            throw new UserErrorException($"{path}: compressed-tensors quantization_config has no config_groups");
        return new CheckpointQuantization(CheckpointQuantizationKind.CompressedTensors, dynamic.Value, new Dictionary<string, string>());
    }
}

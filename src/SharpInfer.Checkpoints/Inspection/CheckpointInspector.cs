using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Checkpoints.Conversion;
using SharpInfer.Checkpoints.Quantization;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Inspection;

/// <summary>
/// What a model folder holds, read from headers only: shards, tensors and bytes per dtype, the element
/// ("parameter") count, and the quantization scheme its config.json or msmodelslim description declares.
/// </summary>
public static class CheckpointInspector
{
    public static void Write(string directory, TextWriter output)
    {
        using var shards = CheckpointShards.Open(directory);
        var config = ReadJson(Path.Combine(directory, "config.json"));
        var description = ReadJson(Path.Combine(directory, MsModelSlimDescription.FileName));
        output.WriteLine($"model: {directory}");
        if (config is not null)
            output.WriteLine($"architecture: {(config["architectures"] as JsonArray)?.FirstOrDefault()?.ToString() ?? "?"}, torch_dtype {config["torch_dtype"]?.ToString() ?? "?"}");
        output.WriteLine($"quantization: {Describe(config?["quantization_config"] as JsonObject, description)}");

        var byDType = new SortedDictionary<string, (int Tensors, long Elements, long Bytes)>(StringComparer.Ordinal);
        output.WriteLine($"shards: {shards.Shards.Count}{(shards.Indexed ? $" (listed in {SafetensorsCheckpoint.IndexFileName})" : "")}");
        foreach (var (name, file) in shards.Shards)
        {
            output.WriteLine(Invariant($"  {name}: {file.Entries.Count} tensors, {new FileInfo(file.FilePath).Length / 1048576.0:F1} MiB"));
            foreach (var entry in file.Entries.Values)
            {
                var key = entry.DType.SafetensorsName();
                var (tensors, elements, bytes) = byDType.GetValueOrDefault(key);
                byDType[key] = (tensors + 1, elements + TensorShapes.ElementCount(entry.Shape), bytes + entry.ByteLength);
            }
        }
        output.WriteLine("dtypes:");
        foreach (var (dtype, (tensors, elements, bytes)) in byDType)
            output.WriteLine(Invariant($"  {dtype,-8} {tensors,6} tensors {elements,16:N0} elements {bytes / 1048576.0,12:F1} MiB"));
        output.WriteLine(Invariant($"parameters: {byDType.Values.Sum(v => v.Elements):N0} elements in {byDType.Values.Sum(v => v.Tensors)} tensors (scales included), {byDType.Values.Sum(v => v.Bytes) / 1048576.0:F1} MiB"));
    }

    private static string Describe(JsonObject? quantization, JsonNode? description)
    {
        if (description is JsonObject tags)
        {
            var counts = tags.Where(p => p.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String && p.Key != "model_quant_type")
                .GroupBy(p => p.Value!.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} {g.Key}");
            return $"msmodelslim {tags["model_quant_type"]?.ToString() ?? "?"} ({string.Join(", ", counts)} tensors)";
        }
        if (quantization is null)
            return "none";
        var method = quantization["quant_method"]?.ToString() ?? "?";
        var details = new List<string>();
        if (quantization["fmt"] is { } fmt)
            details.Add($"fmt {fmt}");
        if (quantization["weight_block_size"] is JsonArray block)
            details.Add($"weight blocks {block[0]}x{block[1]}");
        if (quantization["config_groups"] is JsonObject groups)
        {
            foreach (var (_, group) in groups)
            {
                if (group?["weights"] is JsonObject w)
                    details.Add($"weights {w["type"]}{w["num_bits"]} per {w["strategy"]}{(w["symmetric"]?.GetValue<bool>() == true ? " symmetric" : "")}");
                if (group?["input_activations"] is JsonObject a)
                    details.Add($"activations {a["type"]}{a["num_bits"]} per {a["strategy"]} {(a["dynamic"]?.GetValue<bool>() == true ? "dynamic" : "static")}");
            }
        }
        if (quantization["ignore"] is JsonArray { Count: > 0 } ignore)
            details.Add($"ignoring {string.Join(", ", ignore)}");
        return details.Count == 0 ? method : $"{method} ({string.Join("; ", details)})";
    }

    private static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UserErrorException($"{path} is not valid JSON: {e.Message}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Quantization;

/// <summary>
/// msmodelslim's <c>quant_model_description.json</c> (the W8A8 layout vllm-ascend and MindIE load): one
/// tag per tensor name, <c>W8A8</c> (static per-tensor activations), <c>W8A8_DYNAMIC</c> (per-token
/// activations) or <c>FLOAT</c> (left unquantized), plus <c>model_quant_type</c>.
/// </summary>
public static class MsModelSlimDescription
{
    public const string FileName = "quant_model_description.json";

    /// <summary>The tags by tensor name, or null when the folder has no description.</summary>
    public static IReadOnlyDictionary<string, string>? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
            return null;
        var fields = new JsonFields(path);
        using var document = fields.ParseObjectDocument(File.ReadAllText(path));
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
                tags[property.Name] = property.Value.GetString()!;
        }
        return tags;
    }
}

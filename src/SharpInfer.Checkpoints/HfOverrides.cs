using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpInfer.Checkpoints;

/// <summary>
/// vLLM's <c>--hf-overrides</c>: a JSON object whose top-level keys replace (or add) the same keys of
/// config.json before it is parsed, e.g. <c>{"num_hidden_layers": 4}</c> to shrink a real config.
/// </summary>
internal static class HfOverrides
{
    public static string Apply(string configJson, string overridesJson, JsonFields fields)
    {
        JsonObject overrides;
        try
        {
            overrides = JsonNode.Parse(overridesJson) as JsonObject
                ?? throw fields.Error($"--hf-overrides must be a JSON object such as '{{\"num_hidden_layers\": 4}}', got {overridesJson}");
        }
        catch (JsonException e)
        {
            throw fields.Error($"--hf-overrides is not valid JSON ({e.Message}); pass an object such as '{{\"num_hidden_layers\": 4}}'");
        }
        JsonObject config;
        try
        {
            config = JsonNode.Parse(configJson, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }) as JsonObject
                ?? throw fields.Error("expected a JSON object at the top level");
        }
        catch (JsonException e)
        {
            throw fields.Error($"not valid JSON ({e.Message}); fix or re-download the file");
        }
        foreach (var (key, value) in overrides.ToArray())
        {
            overrides.Remove(key);
            config[key] = value;
        }
        return config.ToJsonString();
    }
}

using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>Parses config.json <c>rope_scaling</c> (or transformers 5's <c>rope_parameters</c>).</summary>
internal static class RopeScalingReader
{
    private static readonly string[] SupportedTypes = ["default", "linear", "dynamic", "llama3", "yarn"];

    /// <param name="fieldName">"rope_scaling" or "rope_parameters", used in messages.</param>
    public static RopeScalingConfig Read(JsonElement scaling, string fieldName, JsonFields fields)
    {
        if (scaling.ValueKind != JsonValueKind.Object)
            throw fields.Error($"field '{fieldName}' must be an object or null, got {scaling.ValueKind.ToString().ToLowerInvariant()}");

        // transformers reads "rope_type" and falls back to the legacy "type".
        var typeField = JsonFields.TryGetPresent(scaling, "rope_type", out _) ? "rope_type" : "type";
        var type = fields.OptionalString(scaling, typeField, $"{fieldName}.{typeField}")
            ?? throw fields.Error($"field '{fieldName}' has no 'rope_type' (or 'type'); expected one of: {string.Join(", ", SupportedTypes)}");
        if (Array.IndexOf(SupportedTypes, type) < 0)
        {
            throw fields.Error(
                $"{fieldName}.{typeField} '{type}' is not supported; supported: {string.Join(", ", SupportedTypes)}");
        }

        var needsFactor = type != "default";
        var factor = needsFactor
            ? fields.RequiredDouble(scaling, "factor", $"{fieldName}.factor")
            : fields.OptionalDouble(scaling, "factor", $"{fieldName}.factor") ?? 1.0;
        if (needsFactor && factor < 1.0)
            throw fields.Error($"{fieldName}.factor must be >= 1 for rope type '{type}', got {factor}");

        var isLlama3 = type == "llama3";
        var defaults = new RopeScalingConfig { Type = type };
        return new RopeScalingConfig
        {
            Type = type,
            Factor = factor,
            LowFreqFactor = isLlama3
                ? fields.RequiredDouble(scaling, "low_freq_factor", $"{fieldName}.low_freq_factor")
                : fields.OptionalDouble(scaling, "low_freq_factor", $"{fieldName}.low_freq_factor") ?? defaults.LowFreqFactor,
            HighFreqFactor = isLlama3
                ? fields.RequiredDouble(scaling, "high_freq_factor", $"{fieldName}.high_freq_factor")
                : fields.OptionalDouble(scaling, "high_freq_factor", $"{fieldName}.high_freq_factor") ?? defaults.HighFreqFactor,
            OriginalMaxPositionEmbeddings = isLlama3
                ? fields.RequiredInt(scaling, "original_max_position_embeddings", $"{fieldName}.original_max_position_embeddings")
                : fields.OptionalInt(scaling, "original_max_position_embeddings", $"{fieldName}.original_max_position_embeddings"),
            BetaFast = fields.OptionalDouble(scaling, "beta_fast", $"{fieldName}.beta_fast") ?? defaults.BetaFast,
            BetaSlow = fields.OptionalDouble(scaling, "beta_slow", $"{fieldName}.beta_slow") ?? defaults.BetaSlow,
            Mscale = fields.OptionalDouble(scaling, "mscale", $"{fieldName}.mscale"),
            MscaleAllDim = fields.OptionalDouble(scaling, "mscale_all_dim", $"{fieldName}.mscale_all_dim"),
            AttentionFactor = fields.OptionalDouble(scaling, "attention_factor", $"{fieldName}.attention_factor"),
        };
    }
}

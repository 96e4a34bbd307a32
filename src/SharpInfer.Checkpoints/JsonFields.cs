using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// Typed reads of JSON object fields for Hugging Face config files. JSON <c>null</c> counts as absent,
/// as it does for transformers' config classes; every failure names the file and the field.
/// </summary>
internal sealed class JsonFields(string fileLabel)
{
    /// <summary>Prefix for messages, e.g. "config.json (/models/x/config.json)".</summary>
    public string FileLabel { get; } = fileLabel;

    public UserErrorException Error(string message) => new($"{FileLabel}: {message}");

    /// <summary>Parses <paramref name="json"/>; the caller disposes the document.</summary>
    public JsonDocument ParseObjectDocument(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw Error($"not valid JSON ({e.Message}); fix or re-download the file");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw Error($"expected a JSON object at the top level, got {Describe(kind)}");
        }
        return document;
    }

    public static bool TryGetPresent(JsonElement obj, string field, out JsonElement value) =>
        obj.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement Required(JsonElement obj, string field, string fieldPath)
    {
        if (!TryGetPresent(obj, field, out var value))
            throw Error($"missing required field '{fieldPath}'");
        return value;
    }

    public int RequiredInt(JsonElement obj, string field, string? fieldPath = null) =>
        ToInt(Required(obj, field, fieldPath ?? field), fieldPath ?? field);

    public int? OptionalInt(JsonElement obj, string field, string? fieldPath = null) =>
        TryGetPresent(obj, field, out var value) ? ToInt(value, fieldPath ?? field) : null;

    public double RequiredDouble(JsonElement obj, string field, string? fieldPath = null) =>
        ToDouble(Required(obj, field, fieldPath ?? field), fieldPath ?? field);

    public double? OptionalDouble(JsonElement obj, string field, string? fieldPath = null) =>
        TryGetPresent(obj, field, out var value) ? ToDouble(value, fieldPath ?? field) : null;

    public bool? OptionalBool(JsonElement obj, string field, string? fieldPath = null)
    {
        if (!TryGetPresent(obj, field, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(fieldPath ?? field, "true or false", value),
        };
    }

    public string? OptionalString(JsonElement obj, string field, string? fieldPath = null)
    {
        if (!TryGetPresent(obj, field, out var value))
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw WrongType(fieldPath ?? field, "a string", value);
    }

    public string RequiredString(JsonElement obj, string field, string? fieldPath = null) =>
        OptionalString(obj, field, fieldPath) ?? throw Error($"missing required field '{fieldPath ?? field}'");

    /// <summary>A token id field that may hold one integer or a list of integers (eos_token_id).</summary>
    public IReadOnlyList<int> IntOrIntList(JsonElement obj, string field)
    {
        if (!TryGetPresent(obj, field, out var value))
            return [];
        if (value.ValueKind != JsonValueKind.Array)
            return [ToInt(value, field)];
        var ids = new int[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            ids[i] = ToInt(item, $"{field}[{i}]");
            i++;
        }
        return ids;
    }

    private int ToInt(JsonElement value, string fieldPath)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt32(out var i))
                return i;
            // Python writers sometimes emit integral floats such as 4096.0.
            if (value.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
                return (int)d;
        }
        throw WrongType(fieldPath, "an integer", value);
    }

    private double ToDouble(JsonElement value, string fieldPath) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
            ? d
            : throw WrongType(fieldPath, "a number", value);

    private UserErrorException WrongType(string fieldPath, string expected, JsonElement value) =>
        Error($"field '{fieldPath}' must be {expected}, got {Describe(value)}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        _ => Describe(value.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

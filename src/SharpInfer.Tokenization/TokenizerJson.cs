using System.Text.Json;
using System.Text.RegularExpressions;
using SharpInfer.Core;

namespace SharpInfer.Tokenization;

/// <summary>Field access for tokenizer.json with errors that name the file and the field.</summary>
internal sealed class TokenizerJson(string path)
{
    public UserErrorException Error(string message) => new($"{path}: {message}");

    public UserErrorException Unsupported(string section, string type) =>
        Error($"{section} type '{type}' is not supported (supported: see README, 'Tokenizers')");

    public string Type(JsonElement element, string section) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : throw Error($"{section} has no \"type\"");

    public string String(JsonElement element, string name, string section) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error($"{section}: \"{name}\" must be a string");

    public static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Bool(JsonElement element, string name, bool fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : fallback;

    public static int Int(JsonElement element, string name, int fallback) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : fallback;

    public char Char(JsonElement element, string name, string section)
    {
        var text = String(element, name, section);
        return text.Length == 1 ? text[0] : throw Error($"{section}: \"{name}\" must be a single character, got \"{text}\"");
    }

    public JsonElement Array(JsonElement element, string name, string section) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw Error($"{section}: \"{name}\" must be an array");

    /// <summary>A <c>{"String": "..."}</c> or <c>{"Regex": "..."}</c> pattern as a .NET regex.</summary>
    public Regex Pattern(JsonElement element, string section)
    {
        if (!element.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object)
            throw Error($"{section}: \"pattern\" must be an object with \"String\" or \"Regex\"");
        if (OptionalString(pattern, "String") is { } literal)
            return new Regex(Regex.Escape(literal), RegexOptions.CultureInvariant);
        var source = OptionalString(pattern, "Regex") ?? throw Error($"{section}: \"pattern\" must have \"String\" or \"Regex\"");
        try
        {
            return new Regex(source, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw Error($"{section}: regex {JsonSerializer.Serialize(source)} is not supported by .NET regular expressions ({e.Message})");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpInfer.Templating.Runtime;

/// <summary>Converts request JSON into template values the way Python's json.loads would.</summary>
internal static class JsonValues
{
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => FromObject(obj),
        JsonArray array => array.Select(FromNode).ToList(),
        JsonValue value => FromValue(value),
        _ => throw new TemplateRuntimeException($"unsupported JSON node {node.GetType().Name}"),
    };

    private static PyDict FromObject(JsonObject obj)
    {
        var dict = new PyDict();
        foreach (var (key, value) in obj)
            dict[key] = FromNode(value);
        return dict;
    }

    private static object? FromValue(JsonValue value) => value.GetValue<object>() switch
    {
        JsonElement element => FromElement(element),
        string s => s,
        bool b => b,
        char c => c.ToString(),
        double d => d,
        float f => (double)f,
        decimal m => (double)m,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value.GetValue<object>(), CultureInfo.InvariantCulture),
        // Other CLR values (ulong, Half, enums, ...) go through their JSON text.
        _ => FromElement(JsonSerializer.SerializeToElement(value)),
    };

    private static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => Number(element.GetRawText()),
        JsonValueKind.Array => element.EnumerateArray().Select(FromElement).ToList(),
        JsonValueKind.Object => ObjectFromElement(element),
        _ => null,
    };

    private static PyDict ObjectFromElement(JsonElement element)
    {
        var dict = new PyDict();
        foreach (var property in element.EnumerateObject())
            dict[property.Name] = FromElement(property.Value);
        return dict;
    }

    /// <summary>Like json.loads: a number written without '.', 'e' or 'E' is an int, anything else a float.</summary>
    private static object Number(string text)
    {
        if (text.AsSpan().IndexOfAny(".eE") < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return l;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

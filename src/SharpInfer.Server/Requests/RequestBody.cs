using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SharpInfer.Server.Requests;

/// <summary>A JSON request body with typed field access; a wrong type or range is a 400 naming the field.</summary>
internal sealed class RequestBody(JsonObject json)
{
    public JsonObject Json => json;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw OpenAiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
        return node is JsonObject obj ? new RequestBody(obj) : throw OpenAiException.BadRequest("the request body must be a JSON object");
    }

    public bool Has(string name) => json[name] is not null;

    public JsonNode? Node(string name) => json[name];

    public string? String(string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw OpenAiException.BadRequest($"'{name}' must be a string", name),
    };

    public bool? Bool(string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw OpenAiException.BadRequest($"'{name}' must be true or false", name),
    };

    public double? Number(string name, double min, double max, bool minExclusive = false)
    {
        if (json[name] is null)
            return null;
        if (json[name] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            throw OpenAiException.BadRequest($"'{name}' must be a number", name);
        var value = v.GetValue<double>();
        if (value < min || value > max || (minExclusive && value <= min))
        {
            var range = max == double.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"{(minExclusive ? ">" : ">=")} {min}")
                : string.Create(CultureInfo.InvariantCulture, $"in {(minExclusive ? "(" : "[")}{min}, {max}]");
            throw OpenAiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be {range}, got {value}"), name);
        }
        return value;
    }

    public int? Int(string name, int min, int max)
    {
        var number = Number(name, double.MinValue, double.MaxValue);
        if (number is null)
            return null;
        if (number != Math.Floor(number.Value) || number < min || number > max)
            throw OpenAiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be an integer in [{min}, {max}], got {number}"), name);
        return (int)number.Value;
    }

    /// <summary>Rejects parameters SharpInfer does not implement, rather than silently ignoring them.</summary>
    public void RejectUnsupported(params string[] names)
    {
        foreach (var name in names)
        {
            if (json[name] is not null)
                throw OpenAiException.BadRequest($"'{name}' is not supported by this server", name);
        }
    }
}

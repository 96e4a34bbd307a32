using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>JSONL data files: one object per non-blank line, read with field lookups that say what is missing where.</summary>
internal static class JsonLines
{
    public static IReadOnlyList<JsonObject> Read(string path)
    {
        var rows = new List<JsonObject>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                rows.Add(JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object"));
            }
            catch (JsonException e)
            {
                throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}: not a JSON object ({e.Message})"));
            }
        }
        return rows;
    }

    /// <summary>The first of <paramref name="names"/> present, as text (numbers and booleans are written out).</summary>
    public static string Field(JsonObject row, string path, int index, params string[] names)
    {
        foreach (var name in names)
        {
            if (row[name] is JsonValue value)
                return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        }
        throw new UserErrorException(string.Create(CultureInfo.InvariantCulture,
            $"{path}: record {index} has no '{string.Join("' or '", names)}' field"));
    }
}

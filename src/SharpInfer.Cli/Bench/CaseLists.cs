using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Bench;

/// <summary>Parses the list flags of <c>bench latency</c>; errors quote the offending text.</summary>
internal static class CaseLists
{
    public static IReadOnlyList<(int Input, int Output)> Pairs(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            root = null;
        }
        if (root is not JsonArray { Count: > 0 } pairs)
            throw new UserErrorException($"--case-pairs '{text}' is not a JSON list of [input, output] pairs such as [[256,256],[1024,128]]");
        var result = new List<(int, int)>(pairs.Count);
        foreach (var pair in pairs)
        {
            if (pair is not JsonArray { Count: 2 } items || Length(items[0]) is not { } input || Length(items[1]) is not { } output)
                throw new UserErrorException(
                    $"--case-pairs: '{pair?.ToJsonString() ?? "null"}' is not an [input, output] pair of positive integers such as [256,128]");
            result.Add((input, output));
        }
        return result;
    }

    public static IReadOnlyList<int> BatchSizes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new UserErrorException($"--batch-sizes: '{parts[i]}' in '{text}' is not a positive integer; give comma-separated sizes such as 1,8,16");
        }
        return sizes;
    }

    private static int? Length(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<int>(out var length) && length > 0 ? length : null;
}

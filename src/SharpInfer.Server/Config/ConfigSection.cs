using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Server.Config;

/// <summary>
/// One JSON object of a config file with typed, checked access: a bad value is a <see cref="UserErrorException"/>
/// naming its JSON path (e.g. <c>BackendConfig.ScheduleConfig.maxBatchSize</c>), and every key read or
/// deliberately skipped is remembered, so keys nobody looked at can be reported instead of silently dropped.
/// Sections of one file share one list of such not-honoured paths.
/// </summary>
internal sealed class ConfigSection(JsonObject json, string path, string file, List<string> unsupported)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The root of a file.</summary>
    public ConfigSection(JsonObject json, string file)
        : this(json, "", file, [])
    {
    }

    /// <summary>Paths of fields present but not honoured, for all sections of the file, in the order found.</summary>
    public IReadOnlyList<string> Unsupported => unsupported;

    public string Path => path;

    public string PathOf(string name) => path.Length == 0 ? name : path + "." + name;

    /// <summary>Whether the key is there at all (an explicit JSON null is there, and is a wrong value, not an absence).</summary>
    public bool Has(string name) => json.ContainsKey(name);

    /// <summary>The raw value (marked seen), for fields whose meaning depends on their value.</summary>
    public JsonNode? Raw(string name)
    {
        _seen.Add(name);
        return json[name];
    }

    /// <summary>Marks fields as understood and deliberately ignored (they mean nothing to this server).</summary>
    public void Ignore(params string[] names) => _seen.UnionWith(names);

    /// <summary>Reports a present field as not honoured when its value asks for something this server does not do.</summary>
    public void UnsupportedWhen(string name, Func<JsonNode, bool> unsupportedValue)
    {
        if (Raw(name) is { } node && unsupportedValue(node))
            unsupported.Add(PathOf(name));
    }

    /// <summary>Reports a field as not honoured whenever it is present.</summary>
    public void UnsupportedIfPresent(params string[] names)
    {
        foreach (var name in names)
            UnsupportedWhen(name, _ => true);
    }

    /// <summary>Reports the keys present but never read nor ignored (unknown to this reader) as not honoured.</summary>
    public void Done() => unsupported.AddRange(json.Select(p => p.Key).Where(k => !_seen.Contains(k)).Select(PathOf));

    public ConfigSection? Section(string name) => Raw(name) switch
    {
        null when !Has(name) => null,
        JsonObject o => Child(o, PathOf(name)),
        _ => throw Error(name, "must be an object"),
    };

    /// <summary>A nested object at the given full path, sharing this file's report.</summary>
    public ConfigSection Child(JsonObject o, string childPath) => new(o, childPath, file, unsupported);

    public string? String(string name) => Raw(name) switch
    {
        null when !Has(name) => null,
        JsonValue v when v.TryGetValue<string>(out var s) && s.Trim().Length > 0 => s,
        _ => throw Error(name, "must be a non-empty string"),
    };

    public bool? Bool(string name) => Raw(name) switch
    {
        null when !Has(name) => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Error(name, "must be true or false"),
    };

    /// <summary>An integer in [min, max]; null when absent.</summary>
    public int? Int(string name, int min, int max = int.MaxValue)
    {
        var node = Raw(name);
        if (node is null && !Has(name))
            return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var value) && value >= min && value <= max)
            return value;
        var what = (min, max) switch
        {
            (1, int.MaxValue) => "a positive integer",
            (0, int.MaxValue) => "a non-negative integer",
            _ => string.Create(CultureInfo.InvariantCulture, $"an integer in {min}..{max}"),
        };
        throw Error(name, $"must be {what}");
    }

    /// <summary>An error about one field, quoting the offending value.</summary>
    public UserErrorException Error(string name, string problem) =>
        new($"{file}: {PathOf(name)} {problem} (got {json[name]?.ToJsonString() ?? "null"})");
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Eval;

/// <summary>The results: a table per task (per group for MMLU and C-Eval: the group's row, then each subject's) and the JSON file.</summary>
internal static class EvalReport
{
    public static void Print(TextWriter output, IReadOnlyList<TaskResult> results)
    {
        foreach (var group in results.GroupBy(r => r.Task.Group))
        {
            var members = group.ToList();
            var shots = string.Join("/", members.Select(m => m.Task.NumFewshot).Distinct());
            output.WriteLine($"{group.Key} ({shots}-shot)");
            var rows = new List<string[]>();
            if (members.Count > 1)
                rows.AddRange(TaskResult.Group(members).Select(m => Row(group.Key, m)));
            foreach (var member in members)
                rows.AddRange(member.Metrics.Select(m => Row(member.Task.Name, m)));
            WriteTable(output, ["Task", "Metric", "Filter", "Value", "Stderr", "n"], rows);
            output.WriteLine();
        }
    }

    public static JsonObject Json(IReadOnlyList<TaskResult> results, JsonObject settings)
    {
        var entries = new JsonArray();
        foreach (var group in results.GroupBy(r => r.Task.Group))
        {
            var members = group.ToList();
            if (members.Count > 1)
            {
                entries.Add(new JsonObject
                {
                    ["task"] = group.Key,
                    ["subtasks"] = new JsonArray(members.Select(m => (JsonNode)m.Task.Name).ToArray()),
                    ["metrics"] = Metrics(TaskResult.Group(members)),
                });
            }
            foreach (var member in members)
            {
                entries.Add(new JsonObject
                {
                    ["task"] = member.Task.Name,
                    ["group"] = member.Task.Group,
                    ["num_fewshot"] = member.Task.NumFewshot,
                    ["n"] = member.Samples.Count,
                    ["metrics"] = Metrics(member.Metrics),
                });
            }
        }
        var json = settings.DeepClone().AsObject();
        json["results"] = entries;
        json["samples"] = new JsonArray(results.SelectMany(r => r.Samples).Select(s => (JsonNode)Sample(s)).ToArray());
        return json;
    }

    private static JsonObject Sample(SampleRecord sample)
    {
        var json = new JsonObject
        {
            ["task"] = sample.Task,
            ["doc_id"] = sample.DocId,
            ["prompt"] = sample.Prompt,
            ["output"] = sample.Output,
            ["gold"] = sample.Gold,
            ["correct"] = sample.Correct,
            ["verdicts"] = new JsonObject(sample.Verdicts.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Correct))),
        };
        foreach (var (key, value) in sample.Details)
            json[key] = value?.DeepClone();
        return json;
    }

    private static JsonArray Metrics(IEnumerable<MetricResult> metrics) => new(metrics.Select(m => (JsonNode)new JsonObject
    {
        ["metric"] = m.Metric,
        ["filter"] = m.Filter,
        ["value"] = m.Value,
        ["stderr"] = m.Stderr,
        ["n"] = m.N,
    }).ToArray());

    private static string[] Row(string task, MetricResult m) =>
    [
        task, m.Metric, m.Filter,
        m.Value.ToString("F4", CultureInfo.InvariantCulture),
        m.Stderr is { } s ? "± " + s.ToString("F4", CultureInfo.InvariantCulture) : "N/A",
        m.N.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>A Markdown table (lm_eval prints its results the same way), columns padded to their widest cell.</summary>
    public static void WriteTable(TextWriter output, string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine("| " + string.Join(" | ", header.Select((h, c) => h.PadRight(widths[c]))) + " |");
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
            output.WriteLine("| " + string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))) + " |");
    }
}

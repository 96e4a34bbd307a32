using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// <c>eval compare A.json B.json</c>: the samples both runs scored (matched by task and doc id) whose verdicts differ,
/// metric by metric, with both outputs; samples only one run has are counted.
/// </summary>
internal static class EvalComparison
{
    public sealed record Difference(string Task, string DocId, string Metric, bool A, bool B, string OutputA, string OutputB);

    public sealed record Result(IReadOnlyList<Difference> Differences, int Shared, int OnlyA, int OnlyB);

    public static Result Compare(JsonObject a, JsonObject b)
    {
        var samplesA = Samples(a, "A");
        var samplesB = Samples(b, "B");
        var differences = new List<Difference>();
        var shared = 0;
        foreach (var (key, sampleA) in samplesA)
        {
            if (!samplesB.TryGetValue(key, out var sampleB))
                continue;
            shared++;
            var verdictsA = sampleA["verdicts"]?.AsObject() ?? [];
            var verdictsB = sampleB["verdicts"]?.AsObject() ?? [];
            foreach (var (metric, valueA) in verdictsA)
            {
                if (verdictsB[metric] is not JsonValue valueB || valueA is not JsonValue)
                    continue;
                if (valueA.GetValue<bool>() != valueB.GetValue<bool>())
                {
                    differences.Add(new Difference(key.Task, key.DocId, metric, valueA.GetValue<bool>(), valueB.GetValue<bool>(),
                        Text(sampleA["output"]), Text(sampleB["output"])));
                }
            }
        }
        return new Result(differences, shared, samplesA.Count - shared, samplesB.Keys.Count(k => !samplesA.ContainsKey(k)));
    }

    public static JsonObject Load(string path)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"no file {path}; pass two files written by eval --output-json");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not an eval --output-json file ({e.Message})");
        }
    }

    public static void Print(TextWriter output, Result result, string nameA, string nameB)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Shared} samples in both runs; {result.Differences.Count} verdicts differ (A = {nameA}, B = {nameB})"));
        if (result.OnlyA > 0 || result.OnlyB > 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.OnlyA} samples only in A, {result.OnlyB} only in B (not compared)"));
        if (result.Differences.Count == 0)
            return;
        output.WriteLine();
        EvalReport.WriteTable(output, ["Task", "Doc", "Metric", "A", "B", "A output", "B output"], result.Differences.Select(d => new[]
        {
            d.Task, d.DocId, d.Metric, Verdict(d.A), Verdict(d.B), Short(d.OutputA), Short(d.OutputB),
        }).ToList());
    }

    private static Dictionary<(string Task, string DocId), JsonObject> Samples(JsonObject run, string name)
    {
        if (run["samples"] is not JsonArray samples)
            throw new UserErrorException($"run {name} has no 'samples' list; pass files written by eval --output-json");
        var byKey = new Dictionary<(string, string), JsonObject>();
        foreach (var sample in samples.OfType<JsonObject>())
            byKey[(Text(sample["task"]), Text(sample["doc_id"]))] = sample;
        return byKey;
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private static string Verdict(bool correct) => correct ? "correct" : "wrong";

    /// <summary>One line of at most 40 characters, for the table.</summary>
    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 40 ? line : line[..39] + "…";
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// Prints latency results: one shape gets a row per iteration, its mean and vLLM's percentile lines; a grid
/// gets one row per shape (means over its iterations).
/// </summary>
internal static class LatencyReport
{
    public static void Print(IAnsiConsole console, IReadOnlyList<LatencyResult> results, bool grid, Roofline roofline)
    {
        if (grid)
            PrintGrid(console, results, roofline);
        else
            PrintSingle(console, results[0], roofline);
    }

    public static JsonNode Json(IReadOnlyList<LatencyResult> results, bool grid, Roofline roofline) =>
        grid ? new JsonArray([.. results.Select(r => (JsonNode)r.ToJson(withPercentiles: false, roofline))]) : results[0].ToJson(withPercentiles: true, roofline);

    private static void PrintSingle(IAnsiConsole console, LatencyResult result, Roofline roofline)
    {
        var shape = result.Case;
        var table = NewTable(["iteration"]);
        table.Title = new TableTitle(Invariant($"input {shape.InputLen}, output {shape.OutputLen}, batch {shape.BatchSize}"));
        for (var i = 0; i < result.Iterations.Count; i++)
            table.AddRow([Cell($"{i + 1}"), .. Cells(result.Iterations[i], roofline)]);
        table.AddRow([new Text("mean"), .. Cells(result.Mean, roofline)]);
        console.Write(table);

        var mean = result.Mean;
        console.WriteLine(Invariant($"Avg latency: {mean.TotalSeconds:F4} seconds"));
        foreach (var p in LatencyResult.ReportedPercentiles)
            console.WriteLine(Invariant($"{p}% percentile latency: {result.Percentile(p):F4} seconds"));
        console.WriteLine(Invariant(
            $"Prefill: {mean.PrefillTokensPerSecond:F1} tokens/s (first tokens after {mean.FirstTokenSeconds * 1000:F1} ms), decode: {mean.DecodeTokensPerSecond:F1} tokens/s ({roofline.DecodeGBps(mean):F1} GB/s, {roofline.PercentOfRoofline(mean):F0}% of roofline)"));
    }

    private static void PrintGrid(IAnsiConsole console, IReadOnlyList<LatencyResult> results, Roofline roofline)
    {
        var table = NewTable(["input", "output", "batch"]);
        foreach (var result in results)
        {
            var shape = result.Case;
            table.AddRow([Cell($"{shape.InputLen}"), Cell($"{shape.OutputLen}"), Cell($"{shape.BatchSize}"), .. Cells(result.Mean, roofline)]);
        }
        console.Write(table);
    }

    private static Table NewTable(IEnumerable<string> leading)
    {
        var table = new Table();
        foreach (var header in leading.Concat(["prefill tok/s", "decode tok/s", "decode GB/s", "% roofline", "first token ms", "latency s"]))
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        return table;
    }

    private static IEnumerable<Text> Cells(BatchTiming timing, Roofline roofline) =>
    [
        Cell($"{timing.PrefillTokensPerSecond:F1}"),
        Cell($"{timing.DecodeTokensPerSecond:F1}"),
        Cell($"{roofline.DecodeGBps(timing):F1}"),
        Cell($"{roofline.PercentOfRoofline(timing):F0}"),
        Cell($"{timing.FirstTokenSeconds * 1000:F1}"),
        Cell($"{timing.TotalSeconds:F4}"),
    ];

    /// <summary>A plain-text cell (no markup), formatted with the invariant culture.</summary>
    private static Text Cell(FormattableString value) => new(Invariant(value));

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

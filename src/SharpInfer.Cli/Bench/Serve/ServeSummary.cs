using System.Globalization;
using Spectre.Console;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// The console summary vLLM's <c>bench serve</c> prints (same lines, same order), then the same latencies
/// under the names MindIE's benchmark and AISBench use, and the first few distinct errors of failed requests.
/// </summary>
internal static class ServeSummary
{
    private const int ErrorsShown = 5;

    private static readonly Dictionary<string, (string Title, string Name, string MindIe)> Metrics = new()
    {
        ["ttft"] = ("Time to First Token", "TTFT", "FirstTokenTime"),
        ["tpot"] = ("Time per Output Token (excl. 1st token)", "TPOT", "-"),
        ["itl"] = ("Inter-token Latency", "ITL", "DecodeTime"),
        ["e2el"] = ("End-to-end Latency", "E2EL", "GenerateTime"),
    };

    public static void Print(IAnsiConsole console, RunInfo run, ServeMetrics metrics, IReadOnlyList<RequestOutput> outputs, IReadOnlyList<string> shown)
    {
        console.WriteLine(Centered(" Serving Benchmark Result ", '='));
        Line(console, "Successful requests:", Invariant($"{metrics.Completed}"));
        Line(console, "Failed requests:", Invariant($"{metrics.Failed}"));
        if (run.MaxConcurrency is { } concurrency)
            Line(console, "Maximum request concurrency:", Invariant($"{concurrency}"));
        Line(console, "Request rate configured (RPS):", double.IsPositiveInfinity(run.RequestRate) ? "inf" : Invariant($"{run.RequestRate:F2}"));
        Line(console, "Benchmark duration (s):", Invariant($"{metrics.Duration:F2}"));
        Line(console, "Total input tokens:", Invariant($"{metrics.TotalInputTokens}"));
        Line(console, "Total generated tokens:", Invariant($"{metrics.TotalOutputTokens}"));
        Line(console, "Request throughput (req/s):", Invariant($"{metrics.RequestThroughput:F2}"));
        if (metrics.RequestGoodput is { } goodput)
            Line(console, "Request goodput (req/s):", Invariant($"{goodput:F2}"));
        Line(console, "Output token throughput (tok/s):", Invariant($"{metrics.OutputThroughput:F2}"));
        Line(console, "Peak output token throughput (tok/s):", Invariant($"{metrics.MaxOutputTokensPerSecond:F2}"));
        Line(console, "Peak concurrent requests:", Invariant($"{metrics.MaxConcurrentRequests}"));
        Line(console, "Total token throughput (tok/s):", Invariant($"{metrics.TotalTokenThroughput:F2}"));
        foreach (var key in shown)
        {
            var (title, name, _) = Metrics[key];
            var summary = metrics.Latency[key];
            console.WriteLine(Centered(title, '-'));
            Line(console, $"Mean {name} (ms):", Invariant($"{summary.Mean:F2}"));
            Line(console, $"Median {name} (ms):", Invariant($"{summary.Median:F2}"));
            foreach (var (percent, value) in summary.Percentiles)
                Line(console, $"P{Percentiles.Word(percent)} {name} (ms):", Invariant($"{value:F2}"));
        }
        console.WriteLine(new string('=', 50));
        PrintAliases(console, metrics);
        PrintErrors(console, outputs);
    }

    /// <summary>MindIE (FirstTokenTime, DecodeTime, GenerateTime) and AISBench (TTFT, TPOT, ITL, E2EL) names for the same figures, in ms.</summary>
    private static void PrintAliases(IAnsiConsole console, ServeMetrics metrics)
    {
        var percents = metrics.Latency["ttft"].Percentiles.Select(p => p.Percent).ToArray();
        var table = new Table { Title = new TableTitle("Latency (ms) by MindIE / AISBench name") };
        foreach (var header in new[] { "MindIE", "AISBench", "Average", "Min", "Max", "Median" }.Concat(percents.Select(p => "P" + Percentiles.Word(p))))
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        foreach (var (key, (_, name, mindIe)) in Metrics)
        {
            var s = metrics.Latency[key];
            table.AddRow([new Text(mindIe), new Text(name), .. new[] { s.Mean, s.Min, s.Max, s.Median }.Concat(s.Percentiles.Select(p => p.Value))
                .Select(v => new Text(Invariant($"{v:F2}")))]);
        }
        console.Write(table);
    }

    private static void PrintErrors(IAnsiConsole console, IReadOnlyList<RequestOutput> outputs)
    {
        var errors = outputs.Where(o => !o.Success).GroupBy(o => o.Error).OrderByDescending(g => g.Count()).ToArray();
        foreach (var group in errors.Take(ErrorsShown))
            console.WriteLine(Invariant($"failed x{group.Count()}: {group.Key}"));
        if (errors.Length > ErrorsShown)
            console.WriteLine(Invariant($"... and {errors.Length - ErrorsShown} more distinct errors (see 'errors' in the --save-result JSON)"));
    }

    private static void Line(IAnsiConsole console, string name, string value) => console.WriteLine($"{name,-40} {value,-10}".TrimEnd());

    private static string Centered(string title, char fill)
    {
        var left = (50 - title.Length) / 2;
        return new string(fill, Math.Max(0, left)) + title + new string(fill, Math.Max(0, 50 - left - title.Length));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

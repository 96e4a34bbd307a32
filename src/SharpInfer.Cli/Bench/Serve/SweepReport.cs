using System.Globalization;
using Spectre.Console;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>The throughput-versus-latency curve of a sweep: a line per point as it finishes, a table and a plot.</summary>
internal static class SweepReport
{
    public static string Line(ServeRunResult result)
    {
        var m = result.Metrics;
        return Invariant($"{Point(result.Run)}: {m.Completed} ok, {m.Failed} failed, {m.OutputThroughput:F1} output tok/s, mean TTFT {m.Latency["ttft"].Mean:F1} ms, mean TPOT {m.Latency["tpot"].Mean:F1} ms");
    }

    /// <summary>One row per point; the swept value leads, the fixed one goes in the title, so the table fits 120 columns.</summary>
    public static void Print(IAnsiConsole console, IReadOnlyList<ServeRunResult> results, bool byConcurrency)
    {
        var first = results[0].Run;
        var table = new Table
        {
            Title = new TableTitle(byConcurrency
                ? $"request rate {Rate(first)}; latencies in ms"
                : $"max concurrency {(first.MaxConcurrency is { } c ? Invariant($"{c}") : "unlimited")}; latencies in ms"),
        };
        var tail = Tail(results[0].Metrics.Latency["ttft"]);
        string[] headers = [byConcurrency ? "concurrency" : "rate (req/s)", "ok", "failed", "duration\ns", "req/s", "output\ntok/s", "total\ntok/s",
            "TTFT\nmean", $"TTFT\n{tail}", "TPOT\nmean", $"TPOT\n{tail}", "ITL\nmean", "E2EL\nmean"];
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        foreach (var r in results)
        {
            var m = r.Metrics;
            table.AddRow(new[]
            {
                byConcurrency ? (r.Run.MaxConcurrency is { } limit ? Invariant($"{limit}") : "-") : Rate(r.Run), Invariant($"{m.Completed}"), Invariant($"{m.Failed}"),
                Invariant($"{m.Duration:F2}"), Invariant($"{m.RequestThroughput:F2}"), Invariant($"{m.OutputThroughput:F1}"), Invariant($"{m.TotalTokenThroughput:F1}"),
                Ms(m.Latency["ttft"].Mean), Ms(Last(m.Latency["ttft"])), Ms(m.Latency["tpot"].Mean), Ms(Last(m.Latency["tpot"])),
                Ms(m.Latency["itl"].Mean), Ms(m.Latency["e2el"].Mean),
            }.Select(text => new Text(text)));
        }
        console.Write(table);
    }

    public static string Plot(string title, IReadOnlyList<ServeRunResult> results)
    {
        var labels = results.Select(r => Point(r.Run)).ToArray();
        string Chart(string key, string name) => SvgChart.Lines($"{name} vs output throughput", "output tokens/s", $"{name} (ms)",
        [
            new($"mean {name}", [.. results.Select(r => (r.Metrics.OutputThroughput, r.Metrics.Latency[key].Mean))], Labels: labels),
            new($"median {name}", [.. results.Select(r => (r.Metrics.OutputThroughput, r.Metrics.Latency[key].Median))], Labels: labels),
        ]);
        var figures = results.Select(r => (Point(r.Run), Invariant($"{r.Metrics.OutputThroughput:F1} output tok/s, mean TTFT {r.Metrics.Latency["ttft"].Mean:F1} ms"))).ToArray();
        return HtmlReport.Render(title, figures, [Chart("ttft", "TTFT"), Chart("tpot", "TPOT"), Chart("itl", "ITL"), Chart("e2el", "E2EL")]);
    }

    private static string Point(RunInfo run) =>
        run.MaxConcurrency is { } c ? Invariant($"concurrency {c}, rate {Rate(run)}") : Invariant($"rate {Rate(run)}");

    private static string Rate(RunInfo run) => double.IsPositiveInfinity(run.RequestRate) ? "inf" : Invariant($"{run.RequestRate:G}");

    private static string Tail(MetricSummary summary) => summary.Percentiles.Count == 0 ? "max" : "p" + Percentiles.Word(summary.Percentiles[^1].Percent);

    /// <summary>The last percentile asked for (99 by default), as the table's tail column.</summary>
    private static double Last(MetricSummary summary) => summary.Percentiles.Count == 0 ? summary.Max : summary.Percentiles[^1].Value;

    /// <summary>Milliseconds to 0.1 below a second, whole above, so minute-long latencies fit their column.</summary>
    private static string Ms(double value) => value >= 1000 ? Invariant($"{value:F0}") : Invariant($"{value:F1}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

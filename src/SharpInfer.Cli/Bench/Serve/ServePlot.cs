using System.Globalization;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary><c>bench serve --plot</c>: TTFT and ITL distributions, output tokens/s and requests in flight over time.</summary>
internal static class ServePlot
{
    public static string Render(RunInfo run, ServeMetrics metrics, IReadOnlyList<RequestOutput> outputs)
    {
        var ok = outputs.Where(o => o.Success).ToArray();
        var perSecond = Timeline.ChunksPerSecond(ok);
        var concurrency = Timeline.Concurrency(outputs);
        var figures = new List<(string, string)>
        {
            ("model", run.ModelId),
            ("successful / failed requests", Invariant($"{metrics.Completed} / {metrics.Failed}")),
            ("duration (s)", Invariant($"{metrics.Duration:F2}")),
            ("output token throughput (tok/s)", Invariant($"{metrics.OutputThroughput:F2}")),
            ("mean / median TTFT (ms)", Invariant($"{metrics.Latency["ttft"].Mean:F2} / {metrics.Latency["ttft"].Median:F2}")),
            ("mean / median ITL (ms)", Invariant($"{metrics.Latency["itl"].Mean:F2} / {metrics.Latency["itl"].Median:F2}")),
        };
        return HtmlReport.Render(run.FileStem(), figures,
        [
            SvgChart.Histogram("TTFT distribution", "TTFT (ms)", [.. ok.Select(o => o.Ttft * 1000)]),
            SvgChart.Histogram("ITL distribution", "ITL (ms)", [.. ok.SelectMany(o => o.Itl).Select(g => g * 1000)]),
            SvgChart.Lines("Output tokens per second (one streamed chunk = one token)", "time (s)", "tokens/s", [new("tokens/s", [.. perSecond.Select((c, i) => ((double)i, c))])]),
            SvgChart.Lines("Requests in flight", "time (s)", "requests", [new("in flight", [.. concurrency.Select(s => (s.Time, (double)s.InFlight))], Step: true)]),
        ]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>One latency metric over a run, in milliseconds: mean, median, std and the requested percentiles.</summary>
internal sealed record MetricSummary(string Key, double Mean, double Median, double Std, double Min, double Max, IReadOnlyList<(double Percent, double Value)> Percentiles)
{
    public static MetricSummary Of(string key, IReadOnlyList<double> seconds, IReadOnlyList<double> percents)
    {
        var ms = seconds.Select(s => s * 1000).ToArray();
        return new MetricSummary(key, Serve.Percentiles.Mean(ms), Serve.Percentiles.Of(ms, 50), Serve.Percentiles.Std(ms),
            ms.Length == 0 ? 0 : ms.Min(), ms.Length == 0 ? 0 : ms.Max(),
            [.. percents.Select(p => (p, Serve.Percentiles.Of(ms, p)))]);
    }
}

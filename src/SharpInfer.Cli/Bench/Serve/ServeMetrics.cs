namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// A run's figures, computed as vLLM's <c>calculate_metrics</c>: throughputs over the benchmark duration,
/// TPOT per successful request of more than one token, ITL over every gap of every successful request.
/// Peak concurrency is the true maximum of overlapping requests (vLLM counts per one-second bucket, which
/// overstates it); peak output throughput counts content chunks per one-second bucket, as vLLM does.
/// </summary>
internal sealed record ServeMetrics
{
    public static readonly string[] MetricKeys = ["ttft", "tpot", "itl", "e2el"];

    public required int Completed { get; init; }
    public required int Failed { get; init; }
    public required double Duration { get; init; }
    public required long TotalInputTokens { get; init; }
    public required long TotalOutputTokens { get; init; }
    public required double RequestThroughput { get; init; }
    public double? RequestGoodput { get; init; }
    public required double OutputThroughput { get; init; }
    public required double TotalTokenThroughput { get; init; }
    public required double MaxOutputTokensPerSecond { get; init; }
    public required int MaxConcurrentRequests { get; init; }
    public required IReadOnlyDictionary<string, MetricSummary> Latency { get; init; }

    public static ServeMetrics Compute(IReadOnlyList<RequestOutput> outputs, double duration, IReadOnlyList<double> percents, GoodputSlo? goodput)
    {
        var ok = outputs.Where(o => o.Success).ToArray();
        var seconds = new Dictionary<string, IReadOnlyList<double>>
        {
            ["ttft"] = [.. ok.Select(o => o.Ttft)],
            ["tpot"] = [.. ok.Where(o => o.OutputTokens > 1).Select(o => o.Tpot)],
            ["itl"] = [.. ok.SelectMany(o => o.Itl)],
            ["e2el"] = [.. ok.Select(o => o.Latency)],
        };
        long input = ok.Sum(o => (long)o.PromptLen), output = ok.Sum(o => (long)o.OutputTokens);
        return new ServeMetrics
        {
            Completed = ok.Length,
            Failed = outputs.Count - ok.Length,
            Duration = duration,
            TotalInputTokens = input,
            TotalOutputTokens = output,
            RequestThroughput = ok.Length / duration,
            RequestGoodput = goodput is null ? null : ok.Count(goodput.Meets) / duration,
            OutputThroughput = output / duration,
            TotalTokenThroughput = (input + output) / duration,
            MaxOutputTokensPerSecond = Timeline.ChunksPerSecond(ok).DefaultIfEmpty(0).Max(),
            MaxConcurrentRequests = Timeline.PeakConcurrency(ok),
            Latency = MetricKeys.ToDictionary(k => k, k => MetricSummary.Of(k, seconds[k], percents)),
        };
    }
}

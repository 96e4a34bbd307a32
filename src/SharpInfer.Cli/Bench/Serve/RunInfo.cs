namespace SharpInfer.Cli.Bench.Serve;

/// <summary>What a run was: the identification fields of vLLM's result JSON.</summary>
internal sealed record RunInfo(string Date, string Backend, string Label, string ModelId, string TokenizerId, int NumPrompts, double RequestRate, double Burstiness, int? MaxConcurrency)
{
    public static RunInfo Of(ServeBenchConfig config, ServeTarget target, string backend, DateTime now) =>
        new(now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture), backend, config.Label ?? backend, target.Model,
            target.TokenizerId, config.NumPrompts, config.RequestRate, config.Burstiness, config.MaxConcurrency);

    /// <summary>vLLM's default file name: <c>{label}-{rate}qps[-concurrency{c}]-{model}-{date}</c>.</summary>
    public string FileStem()
    {
        var rate = double.IsPositiveInfinity(RequestRate) ? "inf" : RequestRate.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture);
        var concurrency = MaxConcurrency is { } c ? $"-concurrency{c}" : "";
        return $"{Label}-{rate}qps{concurrency}-{Path.GetFileName(ModelId.TrimEnd('/'))}-{Date}";
    }
}

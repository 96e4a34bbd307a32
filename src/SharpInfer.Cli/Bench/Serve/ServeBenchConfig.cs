namespace SharpInfer.Cli.Bench.Serve;

/// <summary>Everything <c>bench serve</c> was asked to do, checked; <c>bench sweep</c> varies the rate or concurrency.</summary>
internal sealed record ServeBenchConfig
{
    public required Uri BaseUrl { get; init; }
    public required string Endpoint { get; init; }
    public string? Model { get; init; }
    public string? TokenizerPath { get; init; }
    public string? ApiKey { get; init; }
    public required string DatasetName { get; init; }
    public string? DatasetPath { get; init; }
    public required int RandomInputLen { get; init; }
    public required int RandomOutputLen { get; init; }
    public required double RandomRangeRatio { get; init; }
    public required int RandomPrefixLen { get; init; }
    public int? ShareGptOutputLen { get; init; }
    public required int NumPrompts { get; init; }
    public required double RequestRate { get; init; }
    public required double Burstiness { get; init; }
    public int? MaxConcurrency { get; init; }
    public required int Seed { get; init; }
    public required bool IgnoreEos { get; init; }
    public required IReadOnlyList<string> PercentileMetrics { get; init; }
    public required IReadOnlyList<double> MetricPercentiles { get; init; }
    public GoodputSlo? Goodput { get; init; }
    public required int Warmup { get; init; }
    public required bool SaveResult { get; init; }
    public required string ResultDir { get; init; }
    public string? ResultFilename { get; init; }
    public string? Label { get; init; }
    public required bool Plot { get; init; }

    public bool Chat => Endpoint.EndsWith("/chat/completions", StringComparison.Ordinal);

    public Uri Url => new(BaseUrl, Endpoint);
}

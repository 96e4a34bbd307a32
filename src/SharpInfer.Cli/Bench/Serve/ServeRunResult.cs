namespace SharpInfer.Cli.Bench.Serve;

/// <summary>One finished benchmark run: what it was, its figures and every request's outcome.</summary>
internal sealed record ServeRunResult(RunInfo Run, ServeMetrics Metrics, IReadOnlyList<RequestOutput> Outputs);

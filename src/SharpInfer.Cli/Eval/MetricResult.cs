namespace SharpInfer.Cli.Eval;

/// <summary>A metric's mean over a task's samples, its standard error (null below two samples) and the sample count.</summary>
internal sealed record MetricResult(string Metric, string Filter, double Value, double? Stderr, int N);

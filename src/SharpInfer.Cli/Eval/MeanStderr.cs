namespace SharpInfer.Cli.Eval;

/// <summary>lm_eval's aggregates: the mean, its standard error (sample standard deviation / √n) and the pooled error of a group.</summary>
internal static class MeanStderr
{
    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>√(Σ(x − mean)² / (n − 1)) / √n; undefined (null) below two samples, as lm_eval prints N/A.</summary>
    public static double? Stderr(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
            return null;
        var mean = values.Average();
        var variance = values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1);
        return Math.Sqrt(variance / values.Count);
    }

    /// <summary>lm_eval's pooled_sample_stderr for a group weighted by size: subtasks' variances pooled.</summary>
    public static double? Pooled(IReadOnlyList<(double? Stderr, int Size)> subtasks)
    {
        var total = subtasks.Sum(s => s.Size);
        if (subtasks.Any(s => s.Stderr is null) || total - subtasks.Count <= 0)
            return null;
        var pooledVariance = subtasks.Sum(s => (s.Size - 1) * s.Stderr!.Value * s.Stderr.Value * s.Size) / (total - subtasks.Count);
        return Math.Sqrt(pooledVariance / total);
    }
}

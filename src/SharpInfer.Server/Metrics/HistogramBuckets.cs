namespace SharpInfer.Server.Metrics;

/// <summary>
/// vLLM's histogram bucket bounds (vllm/v1/metrics/loggers.py), so that dashboards and quantile queries built for
/// vLLM read SharpInfer's /metrics unchanged.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary>Seconds from arrival to the first generated token.</summary>
    public static IReadOnlyList<double> TimeToFirstToken { get; } =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

    /// <summary>Seconds between consecutive tokens of one sequence.</summary>
    public static IReadOnlyList<double> InterTokenLatency { get; } =
        [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];

    /// <summary>Whole-request durations: end-to-end latency and time spent waiting to be scheduled.</summary>
    public static IReadOnlyList<double> RequestLatency { get; } =
        [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    /// <summary>
    /// vLLM's <c>build_1_2_5_buckets</c>: 1, 2, 5, 10, 20, 50, … up to <paramref name="max"/> (the maximum model
    /// length for token counts, so no bucket is beyond what a request can hold).
    /// </summary>
    public static IReadOnlyList<double> OneTwoFive(long max)
    {
        var bounds = new List<double>();
        for (var power = 1L; ; power *= 10)
        {
            foreach (var mantissa in (ReadOnlySpan<long>)[1, 2, 5])
            {
                if (mantissa * power > max)
                    return bounds;
                bounds.Add(mantissa * power);
            }
        }
    }
}

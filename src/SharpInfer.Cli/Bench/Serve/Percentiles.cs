namespace SharpInfer.Cli.Bench.Serve;

/// <summary>Summary statistics as numpy computes them (vLLM's figures): linear-interpolated percentiles, population std.</summary>
internal static class Percentiles
{
    /// <summary><c>np.percentile(values, p)</c>; an empty list gives 0, as vLLM's <c>values or 0</c> does.</summary>
    public static double Of(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
            return 0;
        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? 0 : values.Average();

    /// <summary><c>np.std</c> (ddof 0).</summary>
    public static double Std(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    /// <summary>vLLM's key word for a percentile: 99 → "99", 99.9 → "99.9".</summary>
    public static string Word(double percent) =>
        percent == Math.Floor(percent) ? ((long)percent).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : percent.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

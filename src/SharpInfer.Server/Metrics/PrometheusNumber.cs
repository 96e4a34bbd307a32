using System.Globalization;

namespace SharpInfer.Server.Metrics;

/// <summary>
/// Numbers as the Python Prometheus client (and so vLLM) writes them: <c>le="1.0"</c>, <c>le="+Inf"</c>, shortest
/// round-trip digits, always culture-invariant. Scrapers parse any float, but dashboards and alerts copied from vLLM
/// sometimes match bucket labels literally, so the bounds are spelled the same way.
/// </summary>
internal static class PrometheusNumber
{
    public static string Format(double value)
    {
        if (double.IsPositiveInfinity(value))
            return "+Inf";
        if (double.IsNegativeInfinity(value))
            return "-Inf";
        if (double.IsNaN(value))
            return "NaN";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}

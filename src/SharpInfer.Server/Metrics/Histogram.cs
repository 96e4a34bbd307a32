using System.Globalization;
using System.Text;

namespace SharpInfer.Server.Metrics;

/// <summary>
/// A Prometheus histogram: how many observations fell at or below each upper bound, their sum and their count.
/// Requests finish on many threads, so an observation takes a lock for a couple of adds, and rendering copies the
/// counts under the same lock: a scrape never sees a bucket ahead of <c>_count</c> or <c>_sum</c> behind it.
/// </summary>
internal sealed class Histogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts; // per bucket, not cumulative; the last one is above every bound (+Inf)
    private readonly Lock _lock = new();
    private double _sum;

    public Histogram(string name, string help, IReadOnlyList<double> bounds)
    {
        for (var i = 0; i < bounds.Count; i++)
        {
            if (!double.IsFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]))
                throw new ArgumentException($"histogram {name}: bounds must be finite and strictly increasing", nameof(bounds));
        }
        Name = name;
        Help = help;
        _bounds = [.. bounds];
        _counts = new long[_bounds.Length + 1];
    }

    public string Name { get; }
    public string Help { get; }

    /// <summary>Counts one value in the first bucket whose bound is at least it (Prometheus' <c>le</c> is inclusive); NaN is ignored.</summary>
    public void Observe(double value)
    {
        if (double.IsNaN(value))
            return;
        var bucket = Array.BinarySearch(_bounds, value);
        if (bucket < 0)
            bucket = ~bucket;
        lock (_lock)
        {
            _counts[bucket]++;
            _sum += value;
        }
    }

    /// <summary>Cumulative counts per bound, then the +Inf bucket (which equals the count), and the sum.</summary>
    public (long[] Cumulative, double Sum) Snapshot()
    {
        var cumulative = new long[_counts.Length];
        double sum;
        lock (_lock)
        {
            Array.Copy(_counts, cumulative, _counts.Length);
            sum = _sum;
        }
        for (var i = 1; i < cumulative.Length; i++)
            cumulative[i] += cumulative[i - 1];
        return (cumulative, sum);
    }

    /// <summary>Writes HELP, TYPE, one <c>_bucket</c> line per bound plus <c>+Inf</c>, <c>_sum</c> and <c>_count</c>; <paramref name="label"/> is <c>name="value"</c> pairs.</summary>
    public void Render(StringBuilder text, string label)
    {
        var (cumulative, sum) = Snapshot();
        text.Append(CultureInfo.InvariantCulture, $"# HELP {Name} {Help}\n# TYPE {Name} histogram\n");
        for (var i = 0; i < cumulative.Length; i++)
        {
            var bound = PrometheusNumber.Format(i < _bounds.Length ? _bounds[i] : double.PositiveInfinity);
            text.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{{label},le=\"{bound}\"}} {cumulative[i]}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"{Name}_sum{{{label}}} {PrometheusNumber.Format(sum)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{Name}_count{{{label}}} {cumulative[^1]}\n");
    }
}

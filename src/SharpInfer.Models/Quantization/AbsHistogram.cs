namespace SharpInfer.Models.Quantization;

/// <summary>
/// A streaming histogram of |x| on a log scale (32 bins per power of two over 2^-24..2^24, so a
/// percentile is known to within 2.2%), for calibrating activation scales without keeping activations.
/// </summary>
internal sealed class AbsHistogram
{
    private const int BinsPerOctave = 32;
    private const int MinExponent = -24;
    private const int Octaves = 48;

    private readonly long[] _counts = new long[Octaves * BinsPerOctave + 1];
    private long _total;

    public void Add(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            var magnitude = MathF.Abs(v);
            // Bin 0 holds zeros and values below the range; NaNs are not counted.
            if (float.IsNaN(magnitude))
                continue;
            var bin = magnitude < MathF.Pow(2, MinExponent)
                ? 0
                : Math.Min((int)((MathF.Log2(magnitude) - MinExponent) * BinsPerOctave) + 1, _counts.Length - 1);
            _counts[bin]++;
            _total++;
        }
    }

    public long Count => _total;

    /// <summary>The upper edge of the bin where the cumulative count reaches <paramref name="percent"/>.</summary>
    public float Percentile(double percent)
    {
        var target = (long)Math.Ceiling(_total * percent / 100);
        long cumulative = 0;
        for (var bin = 0; bin < _counts.Length; bin++)
        {
            cumulative += _counts[bin];
            if (cumulative >= target && cumulative > 0)
                return MathF.Pow(2, MinExponent + (float)bin / BinsPerOctave);
        }
        return 0f;
    }
}

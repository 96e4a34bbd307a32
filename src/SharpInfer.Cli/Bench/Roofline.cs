namespace SharpInfer.Cli.Bench;

/// <summary>
/// Decode is bound by memory: each step streams every weight once for the whole batch. Achieved GB/s is that
/// traffic per second; % of roofline compares it with the machine's measured read bandwidth.
/// </summary>
internal sealed record Roofline(long WeightBytesPerStep, double BandwidthGBps)
{
    public double DecodeGBps(BatchTiming timing) => timing.DecodeTokensPerSecond / timing.Requests * WeightBytesPerStep / 1e9;

    public double PercentOfRoofline(BatchTiming timing) => 100 * DecodeGBps(timing) / BandwidthGBps;

    /// <summary>Batch-1 decode tokens/s if every byte moved at the measured bandwidth.</summary>
    public double TokensPerSecond => BandwidthGBps * 1e9 / WeightBytesPerStep;
}

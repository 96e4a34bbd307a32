namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// When each request is sent, as vLLM's <c>get_request</c>: all at once for an infinite rate, else gaps drawn
/// from a gamma distribution with shape <c>burstiness</c> and mean <c>1 / rate</c> (burstiness 1 is a Poisson
/// process; below 1 burstier, above 1 more uniform).
/// </summary>
internal static class ArrivalSchedule
{
    /// <summary>Send offsets in seconds from the start of the run, one per request, non-decreasing.</summary>
    public static double[] Offsets(int count, double requestRate, double burstiness, Random random)
    {
        var offsets = new double[count];
        if (double.IsPositiveInfinity(requestRate))
            return offsets;
        var scale = 1 / (requestRate * burstiness);
        var time = 0.0;
        for (var i = 0; i < count; i++)
        {
            offsets[i] = time;
            time += Gamma(burstiness, random) * scale;
        }
        return offsets;
    }

    /// <summary>A Gamma(shape, 1) sample (Marsaglia and Tsang; shapes below 1 boosted by U^(1/shape)).</summary>
    public static double Gamma(double shape, Random random)
    {
        if (shape < 1)
            return Gamma(shape + 1, random) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v))
                return d * v;
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>How a run unfolded over time: content chunks per second and requests in flight.</summary>
internal static class Timeline
{
    /// <summary>Content chunks received in each one-second bucket from the first request's start (vLLM's peak throughput).</summary>
    public static double[] ChunksPerSecond(IReadOnlyList<RequestOutput> outputs)
    {
        if (outputs.Count == 0)
            return [];
        var origin = outputs.Min(o => o.StartTime);
        var buckets = new double[(int)Math.Ceiling(outputs.Max(o => o.StartTime + o.Latency) - origin) + 1];
        foreach (var output in outputs)
        {
            var time = output.StartTime + output.Ttft;
            Add(buckets, time - origin);
            foreach (var gap in output.Itl)
                Add(buckets, (time += gap) - origin);
        }
        return buckets;
    }

    /// <summary>Requests in flight at each start or end, as (seconds from the first start, count) steps.</summary>
    public static IReadOnlyList<(double Time, int InFlight)> Concurrency(IReadOnlyList<RequestOutput> outputs)
    {
        if (outputs.Count == 0)
            return [];
        var origin = outputs.Min(o => o.StartTime);
        // Ends sort before starts at the same instant: a request that replaces a finished one is not an overlap.
        var events = outputs.SelectMany(o => new[] { (Time: o.StartTime - origin, Delta: 1), (Time: o.StartTime + o.Latency - origin, Delta: -1) })
            .OrderBy(e => e.Time).ThenBy(e => e.Delta);
        var steps = new List<(double, int)>();
        var inFlight = 0;
        foreach (var (time, delta) in events)
            steps.Add((time, inFlight += delta));
        return steps;
    }

    public static int PeakConcurrency(IReadOnlyList<RequestOutput> outputs) => Concurrency(outputs).Select(s => s.InFlight).DefaultIfEmpty(0).Max();

    private static void Add(double[] buckets, double offset)
    {
        var bucket = (int)offset;
        if (bucket >= 0 && bucket < buckets.Length)
            buckets[bucket]++;
    }
}

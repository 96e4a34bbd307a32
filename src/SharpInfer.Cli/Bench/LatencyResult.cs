using System.Globalization;
using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Bench;

/// <summary>The measured (not warm-up) iterations of one latency shape, and their summary in vLLM's terms.</summary>
internal sealed record LatencyResult(BenchCase Case, IReadOnlyList<BatchTiming> Iterations)
{
    public static readonly int[] ReportedPercentiles = [10, 25, 50, 75, 90, 99];

    public BatchTiming Mean => BatchTiming.Mean(Iterations);

    /// <summary>The p-th percentile of the latencies, interpolated linearly between ranks as numpy's default.</summary>
    public double Percentile(int p)
    {
        var sorted = Iterations.Select(i => i.TotalSeconds).Order().ToArray();
        var rank = p / 100.0 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (rank - low) * (sorted[high] - sorted[low]);
    }

    public JsonObject ToJson(bool withPercentiles, Roofline roofline)
    {
        var mean = Mean;
        var json = new JsonObject
        {
            ["input_len"] = Case.InputLen,
            ["output_len"] = Case.OutputLen,
            ["batch_size"] = Case.BatchSize,
            ["avg_latency"] = mean.TotalSeconds,
            ["latencies"] = new JsonArray([.. Iterations.Select(i => (JsonNode)i.TotalSeconds)]),
            ["first_token_latency_ms"] = mean.FirstTokenSeconds * 1000,
            ["prefill_tokens_per_s"] = mean.PrefillTokensPerSecond,
            ["decode_tokens_per_s"] = mean.DecodeTokensPerSecond,
            ["decode_weight_gb_per_s"] = roofline.DecodeGBps(mean),
            ["memory_bandwidth_gb_per_s"] = roofline.BandwidthGBps,
            ["roofline_percent"] = roofline.PercentOfRoofline(mean),
        };
        if (withPercentiles)
        {
            var percentiles = new JsonObject();
            foreach (var p in ReportedPercentiles)
                percentiles[p.ToString(CultureInfo.InvariantCulture)] = Percentile(p);
            json["percentiles"] = percentiles;
        }
        return json;
    }
}

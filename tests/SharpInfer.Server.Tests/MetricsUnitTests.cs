using System.Globalization;
using System.Text;
using SharpInfer.Engine;
using SharpInfer.Server.Endpoints;
using SharpInfer.Server.Generation;
using SharpInfer.Server.Metrics;
using SharpInfer.Tests;

namespace SharpInfer.Server.Tests;

/// <summary>/metrics histograms and request timeouts without a server: a manual clock drives time and timers.</summary>
public sealed class MetricsUnitTests
{
    private const string Label = "model_name=\"m\"";

    [Fact]
    public void HistogramCountsEachValueInTheFirstBucketAtOrAboveIt()
    {
        var histogram = new Histogram("h", "help", [1, 2, 5]);
        foreach (var value in new[] { 0.5, 1, 1.5, 2, 4.9, 5, 7, double.NaN, -3 })
            histogram.Observe(value);
        var (cumulative, sum) = histogram.Snapshot();
        Assert.Equal([3L, 5, 7, 8], cumulative); // le is inclusive; NaN is dropped; 7 only in +Inf
        Assert.Equal(0.5 + 1 + 1.5 + 2 + 4.9 + 5 + 7 - 3, sum, 9);
    }

    [Fact]
    public void HistogramRendersCumulativeBucketsSumAndCountInPrometheusText()
    {
        var histogram = new Histogram("vllm:x_seconds", "Some help.", [0.001, 1, 2560]);
        foreach (var value in new[] { 0.0005, 0.5, 3, 3000 })
            histogram.Observe(value);
        var text = new StringBuilder();
        histogram.Render(text, Label);
        Assert.Equal(
            "# HELP vllm:x_seconds Some help.\n# TYPE vllm:x_seconds histogram\n" +
            "vllm:x_seconds_bucket{model_name=\"m\",le=\"0.001\"} 1\n" +
            "vllm:x_seconds_bucket{model_name=\"m\",le=\"1.0\"} 2\n" +
            "vllm:x_seconds_bucket{model_name=\"m\",le=\"2560.0\"} 3\n" +
            "vllm:x_seconds_bucket{model_name=\"m\",le=\"+Inf\"} 4\n" +
            "vllm:x_seconds_sum{model_name=\"m\"} 3003.5005\n" +
            "vllm:x_seconds_count{model_name=\"m\"} 4\n", text.ToString());
    }

    [Fact]
    public void ConcurrentObservationsAreAllCounted()
    {
        var histogram = new Histogram("h", "help", HistogramBuckets.InterTokenLatency);
        Parallel.For(0, 80_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => histogram.Observe(i % 100 * 0.01));
        var (cumulative, sum) = histogram.Snapshot();
        Assert.Equal(80_000, cumulative[^1]);
        Assert.Equal(8 * 100 * 49.5, sum, tolerance: 1e-4); // summed in a thread-dependent order
    }

    [Fact]
    public void TokenBucketsAreVllmsOneTwoFiveSeriesUpToTheModelLength()
    {
        Assert.Equal([1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000], HistogramBuckets.OneTwoFive(100_000));
        Assert.Equal([1.0, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000], HistogramBuckets.OneTwoFive(4095));
    }

    [Fact]
    public void RequestMetricsRenderEveryVllmHistogramAndTheSuccessCounter()
    {
        var metrics = new RequestMetrics(2048);
        foreach (var reason in new[] { "stop", "stop", "length", "abort" })
            metrics.Finished(reason);
        metrics.TimeToFirstToken.Observe(0.03);
        var text = new StringBuilder();
        metrics.Render(text, Label);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var samples = lines.Where(l => !l.StartsWith('#')).ToDictionary(l => l[..l.LastIndexOf(' ')],
            l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.Equal(2, samples["vllm:request_success_total{model_name=\"m\",finished_reason=\"stop\"}"]);
        Assert.Equal(1, samples["vllm:request_success_total{model_name=\"m\",finished_reason=\"length\"}"]);
        Assert.Equal(1, samples["vllm:request_success_total{model_name=\"m\",finished_reason=\"abort\"}"]);
        foreach (var name in new[] { "vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds", "vllm:e2e_request_latency_seconds",
                     "vllm:request_queue_time_seconds", "vllm:request_prompt_tokens", "vllm:request_generation_tokens" })
        {
            Assert.Contains($"# TYPE {name} histogram", lines);
            Assert.Contains(lines, l => l.StartsWith($"# HELP {name} ", StringComparison.Ordinal));
            var buckets = samples.Where(s => s.Key.StartsWith(name + "_bucket{" + Label + ",le=", StringComparison.Ordinal)).Select(s => s.Value).ToArray();
            Assert.True(buckets.Length > 10, name);
            Assert.Equal(buckets.Order(), buckets); // cumulative
            Assert.Equal(samples[$"{name}_count{{{Label}}}"], samples[$"{name}_bucket{{{Label},le=\"+Inf\"}}"]);
        }
        Assert.Equal(0, samples[$"vllm:time_to_first_token_seconds_bucket{{{Label},le=\"0.02\"}}"]);
        Assert.Equal(1, samples[$"vllm:time_to_first_token_seconds_bucket{{{Label},le=\"0.04\"}}"]);
        Assert.Equal(0.03, samples[$"vllm:time_to_first_token_seconds_sum{{{Label}}}"]);
        Assert.Contains($"vllm:request_prompt_tokens_bucket{{{Label},le=\"2000.0\"}}", samples.Keys); // 1-2-5 up to max_model_len 2048
        Assert.DoesNotContain($"vllm:request_prompt_tokens_bucket{{{Label},le=\"5000.0\"}}", samples.Keys);
    }

    [Fact]
    public void RecorderTakesTtftAndQueueTimeFromTheEngineAndInterTokenGapsFromTheClock()
    {
        var clock = new ManualClock();
        var metrics = new RequestMetrics();
        var recorder = new SequenceRecorder(metrics, completions: 2, clock);
        var times = Times(clock.GetUtcNow(), scheduled: 0.5, firstToken: 0.75);
        recorder.Record(Output(1, [7], times, null), null, 1);
        clock.Advance(TimeSpan.FromMilliseconds(40));
        recorder.Record(Output(1, [8], times, null), null, 2);
        clock.Advance(TimeSpan.FromMilliseconds(60));
        recorder.Record(Output(0, [9], times, null), null, 1); // another sequence's first token: no gap
        Set(times, nameof(RequestTimes.Finished), times.Arrival.AddSeconds(3));
        recorder.Record(Output(1, [10], times, FinishReason.Length), "length", 3);
        Assert.Equal(2, metrics.TimeToFirstToken.Snapshot().Cumulative[^1]);
        Assert.Equal(0.75 * 2, metrics.TimeToFirstToken.Snapshot().Sum, 9);
        Assert.Equal(0.04 + 0.06, metrics.InterTokenLatency.Snapshot().Sum, 9);
        Assert.Equal((3.0, 1L), (metrics.E2eRequestLatency.Snapshot().Sum, metrics.E2eRequestLatency.Snapshot().Cumulative[^1]));
        Assert.Equal(0.5, metrics.QueueTime.Snapshot().Sum, 9);
        Assert.Equal((12.0, 3.0), (metrics.PromptTokens.Snapshot().Sum, metrics.GenerationTokens.Snapshot().Sum));

        // A stop string ends sequence 0 before the engine does: its end is the server's "now".
        clock.Advance(TimeSpan.FromSeconds(1));
        recorder.Record(Output(0, [11], times, null), "stop", 2);
        Assert.Equal(3.0 + 0.1 + 1, metrics.E2eRequestLatency.Snapshot().Sum, 9);
        var text = new StringBuilder();
        metrics.Render(text, Label);
        Assert.Contains("vllm:request_success_total{model_name=\"m\",finished_reason=\"stop\"} 1\n", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("vllm:request_success_total{model_name=\"m\",finished_reason=\"length\"} 1\n", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TimeoutPolicyBoundsTheRequestAndTheGapsBetweenTokensFromTheFirstToken()
    {
        var clock = new ManualClock();
        Assert.Null(new TimeoutPolicy(null, null, clock).Remaining());
        var policy = new TimeoutPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), clock);
        clock.Advance(TimeSpan.FromSeconds(5)); // queued and prefilling: only the e2e limit applies
        Assert.Equal(TimeSpan.FromSeconds(5), policy.Remaining());
        Assert.Null(policy.Exceeded());
        policy.TokenArrived();
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.Remaining());
        policy.TokenArrived();
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("token timeout of 2 s", policy.Exceeded(), StringComparison.Ordinal);
        policy.TokenArrived();
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(TimeSpan.Zero, policy.Remaining());
        Assert.Contains("e2e timeout of 10 s", policy.Exceeded(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 3.0, 0, 3.0)] // e2e alone
    [InlineData(1.0, null, 5, 5.5)] // five tokens 0.9 s apart, then silence
    [InlineData(1.0, 4.0, 4, 4.0)] // tokens keep coming but the request runs too long
    public void RequestTimeoutsCancelOnlyWhenALimitHasPassed(double? token, double? e2e, int tokens, double expectedAt)
    {
        var clock = new ManualClock();
        var warnings = new List<string>();
        using var timeouts = new RequestTimeouts("r1", Seconds(token), Seconds(e2e), clock, warnings.Add, CancellationToken.None);
        for (var t = 0; t < tokens; t++)
        {
            clock.Advance(TimeSpan.FromSeconds(0.9));
            timeouts.TokenArrived();
        }
        clock.Advance(TimeSpan.FromSeconds(expectedAt) - tokens * TimeSpan.FromSeconds(0.9) - TimeSpan.FromSeconds(0.01));
        Assert.False(timeouts.Token.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(0.01));
        Assert.True(timeouts.Token.IsCancellationRequested);
        Assert.True(timeouts.TimedOut);
        Assert.StartsWith("request r1 aborted: ", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void RequestTimeoutsFollowTheCallersCancellationWithoutWarning()
    {
        var clock = new ManualClock();
        using var caller = new CancellationTokenSource();
        var warnings = new List<string>();
        using var timeouts = new RequestTimeouts("r2", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), clock, warnings.Add, caller.Token);
        timeouts.TokenArrived();
        caller.Cancel();
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(timeouts.Token.IsCancellationRequested);
        Assert.False(timeouts.TimedOut);
        Assert.Empty(warnings);
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static RequestOutput Output(int index, int[] tokens, RequestTimes times, FinishReason? reason) =>
        new("r", index, tokens, null, null, reason, 12, 0, times);

    /// <summary>RequestTimes' setters are the engine's; tests fill them in by reflection.</summary>
    private static RequestTimes Times(DateTimeOffset arrival, double scheduled, double firstToken)
    {
        var times = new RequestTimes();
        Set(times, nameof(RequestTimes.Arrival), arrival);
        Set(times, nameof(RequestTimes.FirstScheduled), (DateTimeOffset?)arrival.AddSeconds(scheduled));
        Set(times, nameof(RequestTimes.FirstToken), (DateTimeOffset?)arrival.AddSeconds(firstToken));
        return times;
    }

    private static void Set(RequestTimes times, string property, object? value) => typeof(RequestTimes).GetProperty(property)!.SetValue(times, value);
}

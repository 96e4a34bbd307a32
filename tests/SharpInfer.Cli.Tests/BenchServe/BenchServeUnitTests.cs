using SharpInfer.Cli.Bench;
using SharpInfer.Cli.Bench.Serve;
using SharpInfer.Core;
using SharpInfer.Tests;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>The pure parts of <c>bench serve</c>: statistics as numpy computes them, arrivals, goodput, timelines, prompts.</summary>
public sealed class BenchServeUnitTests
{
    [Fact]
    public void PercentilesInterpolateLinearlyAsNumpy()
    {
        double[] values = [4, 1, 3, 2];
        // np.percentile([1,2,3,4], [50, 90, 99]) = [2.5, 3.7, 3.97]; np.std = 1.118033988749895
        Assert.Equal(2.5, Percentiles.Of(values, 50), 12);
        Assert.Equal(3.7, Percentiles.Of(values, 90), 12);
        Assert.Equal(3.97, Percentiles.Of(values, 99), 12);
        Assert.Equal(1.118033988749895, Percentiles.Std(values), 12);
        Assert.Equal(0, Percentiles.Of([], 99));
        Assert.Equal("99", Percentiles.Word(99));
        Assert.Equal("99.9", Percentiles.Word(99.9));
    }

    [Fact]
    public void ArrivalsAreAllAtOnceForAnInfiniteRate()
    {
        Assert.All(ArrivalSchedule.Offsets(5, double.PositiveInfinity, 1, new Random(0)), o => Assert.Equal(0, o));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(4.0)]
    public void ArrivalGapsAreGammaWithMeanOneOverRateAndShapeBurstiness(double burstiness)
    {
        var offsets = ArrivalSchedule.Offsets(40001, 8, burstiness, new Random(1));
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToArray();
        var mean = gaps.Average();
        var variance = gaps.Average(g => (g - mean) * (g - mean));
        // Gamma(k, θ = 1/(rate·k)): mean 1/rate, variance 1/(rate²·k).
        Assert.InRange(mean, 0.125 * 0.97, 0.125 * 1.03);
        Assert.InRange(variance, 0.125 * 0.125 / burstiness * 0.9, 0.125 * 0.125 / burstiness * 1.1);
        Assert.Equal(0, offsets[0]);
    }

    [Fact]
    public void MetricsFollowVllmsDefinitions()
    {
        RequestOutput[] outputs =
        [
            new() { PromptLen = 10, Success = true, OutputTokens = 5, StartTime = 0, Ttft = 0.2, Itl = [0.1, 0.1, 0.1, 0.1], Latency = 0.6 },
            new() { PromptLen = 20, Success = true, OutputTokens = 3, StartTime = 0.5, Ttft = 0.4, Itl = [0.3, 0.3], Latency = 1.0 },
            new() { PromptLen = 30, Success = true, OutputTokens = 1, StartTime = 0.7, Ttft = 0.1, Latency = 0.1 },
            new() { PromptLen = 40, Success = false, Error = "HTTP 500", StartTime = 0.1, Latency = 0.05 },
        ];
        var metrics = ServeMetrics.Compute(outputs, duration: 2.0, percents: [50], new GoodputSlo(TtftMs: 300, TpotMs: null, E2elMs: null));

        Assert.Equal(3, metrics.Completed);
        Assert.Equal(1, metrics.Failed);
        Assert.Equal(60, metrics.TotalInputTokens);
        Assert.Equal(9, metrics.TotalOutputTokens);
        Assert.Equal(1.5, metrics.RequestThroughput, 12);
        Assert.Equal(1.0, metrics.RequestGoodput!.Value, 12); // the 0.4 s TTFT misses the 300 ms objective
        Assert.Equal(4.5, metrics.OutputThroughput, 12);
        Assert.Equal(34.5, metrics.TotalTokenThroughput, 12);
        Assert.Equal((0.2 + 0.4 + 0.1) / 3 * 1000, metrics.Latency["ttft"].Mean, 9);
        // TPOT only for requests with more than one token: (0.6-0.2)/4 and (1.0-0.4)/2.
        Assert.Equal((100.0 + 300.0) / 2, metrics.Latency["tpot"].Mean, 9);
        Assert.Equal((0.4 + 0.6) / 6 * 1000, metrics.Latency["itl"].Mean, 9);
        Assert.Equal(100, metrics.Latency["itl"].Percentiles[0].Value, 9); // [100 x4, 300 x2]: rank 2.5 lies between two 100s
        Assert.Equal(2, metrics.MaxConcurrentRequests); // the failed request's interval does not count
        Assert.Equal(7, metrics.MaxOutputTokensPerSecond); // second 0: five chunks of the first, one of each other
    }

    [Fact]
    public void PeakConcurrencyDoesNotCountARequestThatStartsAsAnotherEnds()
    {
        RequestOutput[] outputs =
        [
            new() { PromptLen = 1, Success = true, StartTime = 0, Latency = 1 },
            new() { PromptLen = 1, Success = true, StartTime = 1, Latency = 1 },
            new() { PromptLen = 1, Success = true, StartTime = 1.5, Latency = 1 },
        ];
        Assert.Equal(2, Timeline.PeakConcurrency(outputs));
        Assert.Equal([(0.0, 1), (1.0, 0), (1.0, 1), (1.5, 2), (2.0, 1), (2.5, 0)], Timeline.Concurrency(outputs));
    }

    [Fact]
    public void GoodputTakesEveryObjectiveAndRejectsOthers()
    {
        var slo = GoodputSlo.Parse(["ttft:500", "tpot:50", "e2el:10000"])!;
        Assert.Equal(new GoodputSlo(500, 50, 10000), slo);
        Assert.True(slo.Meets(new RequestOutput { PromptLen = 1, Success = true, OutputTokens = 3, Ttft = 0.5, Latency = 0.6 }));
        Assert.False(slo.Meets(new RequestOutput { PromptLen = 1, Success = true, OutputTokens = 3, Ttft = 0.5, Latency = 0.7 })); // TPOT 100 ms
        Assert.False(slo.Meets(new RequestOutput { PromptLen = 1, Success = false, Error = "x" }));
        Assert.Null(GoodputSlo.Parse([]));
        Assert.Contains("not one of ttft, tpot, e2el", Assert.Throws<UserErrorException>(() => GoodputSlo.Parse(["itl:5"])).Message);
        Assert.Contains("METRIC:MILLISECONDS", Assert.Throws<UserErrorException>(() => GoodputSlo.Parse(["ttft=5"])).Message);
    }

    [Theory]
    [InlineData("tiny-qwen2", 0.0, 0)]
    [InlineData("stories260K", 0.5, 7)]
    public void RandomPromptsHaveExactlyTheirTokenCounts(string model, double rangeRatio, int prefixLen)
    {
        var tokenizer = Tokenizer.FromDirectory(SharedData.Model(model));
        var prompts = RandomDataset.Sample(tokenizer, 20, 64, 32, rangeRatio, prefixLen, new Random(3));
        foreach (var prompt in prompts)
        {
            Assert.Equal(prompt.PromptLen, tokenizer.Encode(prompt.Text).Length);
            Assert.InRange(prompt.PromptLen, prefixLen + (int)(64 * (1 - rangeRatio)), prefixLen + (int)Math.Ceiling(64 * (1 + rangeRatio)));
            Assert.InRange(prompt.OutputLen, (int)(32 * (1 - rangeRatio)), (int)Math.Ceiling(32 * (1 + rangeRatio)));
        }
        if (rangeRatio == 0)
            Assert.All(prompts, p => Assert.Equal((64, 32), (p.PromptLen, p.OutputLen)));
        else
            Assert.True(prompts.Select(p => p.PromptLen).Distinct().Count() > 5, "lengths should vary with --random-range-ratio");
        Assert.Equal(prompts.Count, prompts.Select(p => p.Text).Distinct().Count());
    }

    [Fact]
    public void SweepTableKeepsLargeFiguresOnOneLineWithin120Columns()
    {
        var outputs = Enumerable.Range(0, 32).Select(i => new RequestOutput
        {
            PromptLen = 128, Success = true, OutputTokens = 64, StartTime = 0, Ttft = 146.5253 + i, Itl = [.. Enumerable.Repeat(3.4856, 63)], Latency = 366.1153 + i,
        }).ToArray();
        var metrics = ServeMetrics.Compute(outputs, 367.55, [50, 99], null);
        var results = new[] { 1, 4, 16, 32 }.Select(c => new ServeRunResult(
            new RunInfo("20261128-060000", "openai", "openai", "qwen2.5-0.5b-instruct", "tok", c, double.PositiveInfinity, 1, c), metrics, outputs)).ToArray();
        var writer = new StringWriter();
        SweepReport.Print(BenchConsole.Create(writer), results, byConcurrency: true);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 120, line));
        Assert.Contains("request rate inf; latencies in ms", lines[0]);
        var row32 = lines.Single(l => l.TrimStart('│', ' ').StartsWith("32 ", StringComparison.Ordinal));
        // Above a second, whole milliseconds; below, tenths.
        Assert.Contains(metrics.Latency["ttft"].Mean.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), row32);
        Assert.Contains(metrics.Latency["e2el"].Mean.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), row32);
        Assert.Contains(metrics.Latency["tpot"].Mean.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), row32);
    }
}

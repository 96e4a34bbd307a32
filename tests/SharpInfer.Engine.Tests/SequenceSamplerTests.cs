using SharpInfer.Engine.Sampling;

namespace SharpInfer.Engine.Tests;

public sealed class SequenceSamplerTests
{
    private static readonly IReadOnlySet<int> NoStops = new HashSet<int>();
    private static readonly SamplingParams Greedy = new() { Temperature = 0f };

    private static int SampleOnce(SamplingParams parameters, float[] logits, int[]? prompt = null, int[]? output = null, IReadOnlySet<int>? stops = null) =>
        new SequenceSampler(parameters, 7, logits.Length).Sample(logits, prompt ?? [], output ?? [], stops ?? NoStops);

    private static int[] Counts(SamplingParams parameters, float[] logits, int draws, ulong seed = 1)
    {
        var sampler = new SequenceSampler(parameters, seed, logits.Length);
        var counts = new int[logits.Length];
        for (var i = 0; i < draws; i++)
            counts[sampler.Sample(logits, [], [], NoStops)]++;
        return counts;
    }

    private static float[] LogOf(params double[] probabilities) => probabilities.Select(p => (float)Math.Log(p)).ToArray();

    [Fact]
    public void GreedyPicksArgMaxAndLowestIdOnTie()
    {
        Assert.Equal(1, SampleOnce(Greedy, [0.1f, 2f, 0.5f]));
        Assert.Equal(1, SampleOnce(Greedy, [1f, 3f, 3f, 0f]));
        // Dividing by a temperature this small would overflow, so it is greedy too.
        Assert.Equal(1, SampleOnce(new SamplingParams { Temperature = 1e-6f }, [1f, 3f, 3f, 0f]));
    }

    [Fact]
    public void LogitBiasChangesGreedyChoice()
    {
        float[] logits = [0f, 1f, 0.5f];
        Assert.Equal(1, SampleOnce(Greedy, logits));
        Assert.Equal(2, SampleOnce(Greedy with { LogitBias = new Dictionary<int, float> { [2] = 1f } }, logits));
        Assert.Equal(0, SampleOnce(Greedy with { LogitBias = new Dictionary<int, float> { [1] = -5f, [2] = -5f } }, logits));
    }

    [Fact]
    public void MinTokensMasksStopIdsUntilReached()
    {
        var parameters = Greedy with { MinTokens = 2 };
        float[] logits = [1f, 5f, 4f, 2f];
        var stops = new HashSet<int> { 1, 2 };
        Assert.Equal(3, SampleOnce(parameters, logits, output: [], stops: stops));
        Assert.Equal(3, SampleOnce(parameters, logits, output: [0], stops: stops));
        Assert.Equal(1, SampleOnce(parameters, logits, output: [0, 0], stops: stops));
    }

    [Fact]
    public void RepetitionPenaltyDividesPositiveLogitsOncePerId()
    {
        var parameters = Greedy with { RepetitionPenalty = 2f };
        Assert.Equal(0, SampleOnce(parameters, [2f, 1.5f]));
        // 2 / 2 = 1 < 1.5.
        Assert.Equal(1, SampleOnce(parameters, [2f, 1.5f], prompt: [0]));
        Assert.Equal(1, SampleOnce(parameters, [2f, 1.5f], output: [0]));
        // Three occurrences still divide once: 1 > 0.9 (three divisions would give 0.25).
        Assert.Equal(0, SampleOnce(parameters, [2f, 0.9f], prompt: [0, 0], output: [0]));
    }

    [Fact]
    public void RepetitionPenaltyMultipliesNegativeLogits()
    {
        var parameters = Greedy with { RepetitionPenalty = 2f };
        Assert.Equal(0, SampleOnce(parameters, [-1f, -1.5f]));
        // -1 · 2 = -2 < -1.5.
        Assert.Equal(1, SampleOnce(parameters, [-1f, -1.5f], output: [0]));
        // A penalty below 1 rewards repeats: -1.5 · 0.5 = -0.75 > -1.
        Assert.Equal(1, SampleOnce(Greedy with { RepetitionPenalty = 0.5f }, [-1f, -1.5f], prompt: [1]));
    }

    [Fact]
    public void FrequencyPenaltyScalesWithOutputCount()
    {
        var parameters = Greedy with { FrequencyPenalty = 0.4f };
        // 3 - 2 · 0.4 = 2.2 > 2; 3 - 3 · 0.4 = 1.8 < 2.
        Assert.Equal(0, SampleOnce(parameters, [3f, 2f], output: [0, 1, 0]));
        Assert.Equal(1, SampleOnce(parameters, [3f, 2f], output: [0, 0, 0]));
        Assert.Equal(0, SampleOnce(parameters, [3f, 2f], prompt: [0, 0, 0, 0, 0]));
    }

    [Fact]
    public void PresencePenaltyAppliesOnceIfGenerated()
    {
        var parameters = Greedy with { PresencePenalty = 0.5f };
        // 3 - 0.5 = 2.5 whatever the count.
        Assert.Equal(1, SampleOnce(parameters, [3f, 2.6f], output: [0]));
        Assert.Equal(0, SampleOnce(parameters, [3f, 2.4f], output: [0, 0, 0, 0, 0]));
        Assert.Equal(0, SampleOnce(parameters, [3f, 2.6f], prompt: [0]));
    }

    [Fact]
    public void PresenceAndFrequencyCombine()
    {
        var parameters = Greedy with { PresencePenalty = 0.5f, FrequencyPenalty = 0.25f };
        // 3 - 2 · 0.25 - 0.5 = 2.0 < 2.1; then 3 - 0.25 - 0.5 = 2.25 > 2.1 - 2 · 0.25 - 0.5 = 1.1.
        Assert.Equal(1, SampleOnce(parameters, [3f, 2.1f], output: [0, 0]));
        Assert.Equal(0, SampleOnce(parameters, [3f, 2.1f], output: [0, 1, 1]));
    }

    [Fact]
    public void PenaltiesDoNotLeakBetweenCalls()
    {
        // 3 / 2 = 1.5 < 2 each time the output holds token 0; a mark left behind would skip the second penalty.
        var repetition = new SequenceSampler(Greedy with { RepetitionPenalty = 2f }, 1, 2);
        Assert.Equal(1, repetition.Sample([3f, 2f], [], [0], NoStops));
        Assert.Equal(1, repetition.Sample([3f, 2f], [], [0], NoStops));
        Assert.Equal(0, repetition.Sample([3f, 2f], [], [], NoStops));

        // 3 - 0.4 · 3 = 1.8 < 2, but a count of 2 (with nothing left over) gives 2.2 > 2.
        var frequency = new SequenceSampler(Greedy with { FrequencyPenalty = 0.4f }, 1, 2);
        Assert.Equal(1, frequency.Sample([3f, 2f], [], [0, 0, 0], NoStops));
        Assert.Equal(0, frequency.Sample([3f, 2f], [], [0, 0], NoStops));
        Assert.Equal(0, frequency.Sample([3f, 2f], [], [], NoStops));
    }

    [Fact]
    public void TopKOfOneAlwaysReturnsArgMax()
    {
        var counts = Counts(new SamplingParams { TopK = 1 }, [0.9f, 1f, 0.95f, 0.5f], 1000);
        Assert.Equal([0, 1000, 0, 0], counts);
    }

    [Fact]
    public void TopKKeepsTiesAtTheBoundary()
    {
        var counts = Counts(new SamplingParams { TopK = 2 }, [2f, 1f, 1f, 0.9f], 3000);
        Assert.All(counts[..3], c => Assert.True(c > 0));
        Assert.Equal(0, counts[3]);
    }

    [Fact]
    public void TopKRenormalizesOverKeptTokens()
    {
        float[] logits = [1f, 0f, -1f, 0.5f];
        var counts = Counts(new SamplingParams { TopK = 2 }, logits, 20_000);
        var expected0 = Math.E / (Math.E + Math.Exp(0.5));
        Assert.Equal(0, counts[1] + counts[2]);
        Assert.InRange(counts[0] / 20_000.0, expected0 - 0.02, expected0 + 0.02);
    }

    [Fact]
    public void SmallTopPKeepsOnlyTopToken()
    {
        Assert.Equal([0, 0, 2000], Counts(new SamplingParams { TopP = 0.01f }, [1f, 0.5f, 1.2f], 2000));
    }

    [Fact]
    public void TopPKeepsSmallestPrefixReachingP()
    {
        // 0.5 < 0.75 ≤ 0.5 + 0.3, so tokens 0 and 1 survive.
        var counts = Counts(new SamplingParams { TopP = 0.75f }, LogOf(0.5, 0.3, 0.2), 5000);
        Assert.True(counts[0] > 0 && counts[1] > 0);
        Assert.Equal(0, counts[2]);
        Assert.InRange(counts[0] / 5000.0, 0.625 - 0.03, 0.625 + 0.03);
    }

    [Fact]
    public void MinPDropsTokensBelowFractionOfMax()
    {
        float[] logits = LogOf(0.5, 0.3, 0.2);
        // Thresholds 0.25 and 0.35.
        var counts = Counts(new SamplingParams { MinP = 0.5f }, logits, 5000);
        Assert.True(counts[0] > 0 && counts[1] > 0);
        Assert.Equal(0, counts[2]);
        Assert.Equal([5000, 0, 0], Counts(new SamplingParams { MinP = 0.7f }, logits, 5000));
    }

    [Fact]
    public void SameSeedRepeatsAndDifferentSeedsDiffer()
    {
        var logits = new float[50];
        int[] Draws(ulong seed)
        {
            var sampler = new SequenceSampler(new SamplingParams(), seed, logits.Length);
            return Enumerable.Range(0, 200).Select(_ => sampler.Sample(logits, [], [], NoStops)).ToArray();
        }

        Assert.Equal(Draws(123), Draws(123));
        Assert.NotEqual(Draws(123), Draws(124));
        Assert.NotEqual(Draws(0), Draws(ulong.MaxValue));
    }

    [Fact]
    public void SeedGivesPinnedTokensOnEveryPlatform()
    {
        // Uniform over 256 ids draws the generator's top byte; expected values come from a reference xoshiro256**
        // seeded by SplitMix64.
        var logits = new float[256];
        var sampler = new SequenceSampler(new SamplingParams(), 42, logits.Length);
        var draws = Enumerable.Range(0, 12).Select(_ => sampler.Sample(logits, [], [], NoStops)).ToArray();
        Assert.Equal([21, 97, 174, 236, 253, 197, 184, 217, 194, 149, 174, 74], draws);
    }

    [Fact]
    public void NewSeedsDiffer() => Assert.NotEqual(SequenceSampler.NewSeed(), SequenceSampler.NewSeed());

    [Fact]
    public void EmpiricalDistributionMatchesSoftmax()
    {
        float[] logits = [1f, 0f, -1f, 0.5f];
        const int draws = 20_000;
        var counts = Counts(new SamplingParams(), logits, draws);
        var sum = logits.Sum(l => Math.Exp(l));
        for (var i = 0; i < logits.Length; i++)
        {
            var expected = Math.Exp(logits[i]) / sum;
            Assert.InRange(counts[i] / (double)draws, expected - 0.02, expected + 0.02);
        }
    }

    [Fact]
    public void LowerTemperatureSharpens()
    {
        float[] logits = [1f, 0f, 0f, 0f];
        // Expected shares of token 0: e / (e + 3) ≈ 0.475 at T = 1 and e² / (e² + 3) ≈ 0.711 at T = 0.5.
        var atOne = Counts(new SamplingParams(), logits, 10_000)[0];
        var atHalf = Counts(new SamplingParams { Temperature = 0.5f }, logits, 10_000)[0];
        Assert.True(atHalf > atOne + 1500, $"T=0.5 gave {atHalf}, T=1 gave {atOne}");
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    public void RawLogitsAreNotModified(float temperature)
    {
        var parameters = new SamplingParams
        {
            Temperature = temperature,
            TopK = 3,
            TopP = 0.9f,
            MinP = 0.05f,
            RepetitionPenalty = 1.3f,
            FrequencyPenalty = 0.5f,
            PresencePenalty = 0.2f,
            MinTokens = 5,
            LogitBias = new Dictionary<int, float> { [4] = 2f },
        };
        float[] logits = [0.5f, -1f, 2f, 1.5f, 0f, -0.25f];
        var copy = logits.ToArray();
        var sampler = new SequenceSampler(parameters, 3, logits.Length);
        for (var i = 0; i < 10; i++)
            sampler.Sample(logits, [0, 1], [2, 2, 3], new HashSet<int> { 5 });
        Assert.Equal(copy, logits);
    }

    [Fact]
    public void RejectsLogitsOfWrongLength()
    {
        var sampler = new SequenceSampler(new SamplingParams(), 1, 4);
        Assert.Throws<ArgumentException>(() => sampler.Sample(new float[3], [], [], NoStops));
    }
}

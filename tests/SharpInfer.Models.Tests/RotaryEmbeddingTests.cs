using SharpInfer.Core;

namespace SharpInfer.Models.Tests;

public sealed class RotaryEmbeddingTests
{
    private static ModelConfig Config(RopeScalingConfig? scaling, int maxPositions = 64) => new()
    {
        ModelType = "llama", HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2,
        NumKeyValueHeads = 1, HeadDim = 8, VocabSize = 10, RopeTheta = 10000, RopeScaling = scaling, MaxPositionEmbeddings = maxPositions,
    };

    private static float[] Angles(RotaryEmbedding rope, int position, int sequenceLength)
    {
        var cos = new float[4];
        var sin = new float[4];
        rope.Compute(position, sequenceLength, cos, sin);
        return cos.Zip(sin, (c, s) => MathF.Atan2(s, c)).ToArray();
    }

    [Fact]
    public void DefaultFrequenciesAreThetaPowers()
    {
        var rope = new RotaryEmbedding(Config(null), 8);
        var angles = Angles(rope, 1, 2);
        // inv_freq[i] = 10000^(-i/4): 1, 0.1, 0.01, 0.001
        Assert.Equal([1f, 0.1f, 0.01f, 0.001f], angles, new ToleranceComparer(1e-6f));
        Assert.Equal(1f, rope.AttentionFactor);
    }

    [Fact]
    public void LinearScalingDividesFrequencies()
    {
        var rope = new RotaryEmbedding(Config(new RopeScalingConfig { Type = "linear", Factor = 4 }), 8);
        Assert.Equal([0.25f, 0.025f, 0.0025f, 0.00025f], Angles(rope, 1, 2), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void DynamicScalingChangesOnlyPastTheOriginalLength()
    {
        var rope = new RotaryEmbedding(Config(new RopeScalingConfig { Type = "dynamic", Factor = 2 }, maxPositions: 16), 8);
        Assert.Equal([1f, 0.1f, 0.01f, 0.001f], Angles(rope, 1, 16), new ToleranceComparer(1e-6f));
        // seq 32 > 16: base = 10000 · (2·32/16 − 1)^(8/6) = 10000 · 3^(4/3)
        var theta = 10000 * Math.Pow(3, 4.0 / 3);
        var expected = Enumerable.Range(0, 4).Select(i => (float)Math.Pow(theta, -i / 4.0)).ToArray();
        Assert.Equal(expected, Angles(rope, 1, 32), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void Llama3KeepsHighFrequenciesAndScalesLowOnes()
    {
        var scaling = new RopeScalingConfig { Type = "llama3", Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositionEmbeddings = 64 };
        var rope = new RotaryEmbedding(Config(scaling), 8);
        var angles = Angles(rope, 1, 2);
        // wavelengths 2π/f: 6.3 (< 16, kept), 62.8 (between 16 and 64: smoothed), 628 and 6283 (> 64: divided by 8).
        Assert.Equal(1f, angles[0], 1e-6f);
        var smooth = (64 / (2 * Math.PI / 0.1) - 1) / 3;
        Assert.Equal((float)((1 - smooth) * 0.1 / 8 + smooth * 0.1), angles[1], 1e-6f);
        Assert.Equal(0.01f / 8, angles[2], 1e-7f);
        Assert.Equal(0.001f / 8, angles[3], 1e-8f);
    }

    [Fact]
    public void YarnScalesCosAndSinByItsAttentionFactor()
    {
        var rope = new RotaryEmbedding(Config(new RopeScalingConfig { Type = "yarn", Factor = 4, OriginalMaxPositionEmbeddings = 32 }), 8);
        Assert.Equal((float)(0.1 * Math.Log(4) + 1), rope.AttentionFactor, 1e-6f);
        var cos = new float[4];
        var sin = new float[4];
        rope.Compute(0, 1, cos, sin);
        Assert.All(cos, c => Assert.Equal(rope.AttentionFactor, c, 1e-6f));
    }

    [Fact]
    public void UnknownScalingTypeIsAUserError()
    {
        var error = Assert.Throws<UserErrorException>(() => new RotaryEmbedding(Config(new RopeScalingConfig { Type = "longrope" }), 8));
        Assert.Contains("longrope", error.Message);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));
        public int GetHashCode(float obj) => 0;
    }
}

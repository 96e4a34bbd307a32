using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed class RopeScalingConfigTests
{
    private const string Source = "/m/config.json";

    private static string Json(string rope, string extra = "") =>
        "{\"model_type\": \"llama\", \"hidden_size\": 64, \"intermediate_size\": 128, \"num_hidden_layers\": 2, " +
        $"\"num_attention_heads\": 4, \"vocab_size\": 100, \"max_position_embeddings\": 8192, {extra}\"rope_scaling\": {rope}}}";

    private static RopeScalingConfig? Rope(string rope) => HfConfigReader.ParseModelConfig(Json(rope), Source).RopeScaling;

    private static string Error(string json) =>
        Assert.Throws<UserErrorException>(() => HfConfigReader.ParseModelConfig(json, Source)).Message;

    [Fact]
    public void NullMeansNoScaling() => Assert.Null(Rope("null"));

    [Fact]
    public void LegacyTypeKeyIsAccepted()
    {
        var rope = Rope("{\"type\": \"linear\", \"factor\": 2.0}")!;
        Assert.Equal("linear", rope.Type);
        Assert.Equal(2.0, rope.Factor);
        Assert.Null(rope.OriginalMaxPositionEmbeddings);
    }

    [Fact]
    public void DefaultTypeNeedsNoFactor()
    {
        var rope = Rope("{\"rope_type\": \"default\"}")!;
        Assert.Equal("default", rope.Type);
        Assert.Equal(1.0, rope.Factor);
    }

    [Fact]
    public void DynamicKeepsOriginalLength()
    {
        var rope = Rope("{\"rope_type\": \"dynamic\", \"factor\": 4, \"original_max_position_embeddings\": 2048}")!;
        Assert.Equal(("dynamic", 4.0, (int?)2048), (rope.Type, rope.Factor, rope.OriginalMaxPositionEmbeddings));
    }

    [Fact]
    public void YarnReadsAllFields()
    {
        var rope = Rope("{\"type\": \"yarn\", \"factor\": 4.0, \"original_max_position_embeddings\": 32768, \"beta_fast\": 16, " +
                        "\"beta_slow\": 2, \"mscale\": 0.707, \"mscale_all_dim\": 1.0, \"attention_factor\": 1.2}")!;
        Assert.Equal("yarn", rope.Type);
        Assert.Equal(4.0, rope.Factor);
        Assert.Equal(32768, rope.OriginalMaxPositionEmbeddings);
        Assert.Equal(16.0, rope.BetaFast);
        Assert.Equal(2.0, rope.BetaSlow);
        Assert.Equal(0.707, rope.Mscale);
        Assert.Equal(1.0, rope.MscaleAllDim);
        Assert.Equal(1.2, rope.AttentionFactor);
    }

    [Fact]
    public void YarnDefaultsMatchTransformers()
    {
        var rope = Rope("{\"rope_type\": \"yarn\", \"factor\": 2}")!;
        Assert.Equal((32.0, 1.0), (rope.BetaFast, rope.BetaSlow));
        Assert.Null(rope.Mscale);
        Assert.Null(rope.MscaleAllDim);
        Assert.Null(rope.AttentionFactor);
    }

    [Fact]
    public void RopeTypeWinsOverLegacyType() =>
        Assert.Equal("llama3", Rope("{\"type\": \"linear\", \"rope_type\": \"llama3\", \"factor\": 8, \"low_freq_factor\": 1, \"high_freq_factor\": 4, \"original_max_position_embeddings\": 8192}")!.Type);

    [Theory]
    [InlineData("{\"rope_type\": \"longrope\", \"factor\": 2}", "rope_scaling.rope_type 'longrope' is not supported; supported: default, linear, dynamic, llama3, yarn")]
    [InlineData("{\"type\": \"su\"}", "rope_scaling.type 'su' is not supported")]
    [InlineData("{\"factor\": 2}", "'rope_scaling' has no 'rope_type'")]
    [InlineData("{\"rope_type\": \"linear\"}", "missing required field 'rope_scaling.factor'")]
    [InlineData("{\"rope_type\": \"llama3\", \"factor\": 8, \"high_freq_factor\": 4, \"original_max_position_embeddings\": 8192}", "'rope_scaling.low_freq_factor'")]
    [InlineData("{\"rope_type\": \"llama3\", \"factor\": 8, \"low_freq_factor\": 1, \"high_freq_factor\": 4}", "'rope_scaling.original_max_position_embeddings'")]
    [InlineData("{\"rope_type\": \"yarn\", \"factor\": \"4\"}", "'rope_scaling.factor' must be a number")]
    [InlineData("{\"rope_type\": \"linear\", \"factor\": 0.5}", "rope_scaling.factor must be >= 1")]
    [InlineData("\"linear\"", "'rope_scaling' must be an object or null")]
    public void BadRopeScalingNamesTheField(string rope, string expected)
    {
        var message = Error(Json(rope));
        Assert.StartsWith($"config.json ({Source}): ", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void Transformers5RopeParametersCarryThetaAndScaling()
    {
        var json = Json("null", "\"rope_parameters\": {\"rope_type\": \"yarn\", \"factor\": 4.0, \"rope_theta\": 1000000.0, \"original_max_position_embeddings\": 4096}, ");
        var config = HfConfigReader.ParseModelConfig(json, Source);
        Assert.Equal(1_000_000.0, config.RopeTheta);
        Assert.Equal("yarn", config.RopeScaling!.Type);
        Assert.Equal(4096, config.RopeScaling.OriginalMaxPositionEmbeddings);
    }
}

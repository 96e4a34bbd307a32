using SharpInfer.Models.Evaluation;
using SharpInfer.Models.Quantization;
using SharpInfer.Tokenization;
using SharpInfer.Tests;
using Xunit.Abstractions;

namespace SharpInfer.Models.Tests;

/// <summary>W8A8 (int8 weights per channel, int8 activations per token) against the unquantized model.</summary>
public sealed class W8A8AccuracyTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("stories260K")]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-qwen3")]
    [InlineData("tiny-llama")]
    [InlineData("tiny-deepseek-v2-lite")]
    public void GreedyTokensAgreeOnAtLeast95PercentOfFixtureSteps(string model)
    {
        using var full = LoadedModel.Load(SharedData.Model(model), LoadFormat.Safetensors);
        using var int8 = LoadedModel.Load(SharedData.Model(model), LoadFormat.Safetensors, quantization: WeightQuantization.W8A8);
        Assert.NotEmpty(int8.Int8Matrices);

        var (agree, steps) = AgreeingSteps(full, int8, model);
        output.WriteLine($"{model}: {agree}/{steps} steps agree");
        Assert.True(agree >= 0.95 * steps, $"{model}: only {agree} of {steps} greedy steps agree");
    }

    /// <summary>
    /// DeepSeek-V3 layout (q LoRA, sigmoid noaux_tc MoE) under W8A8: linear layers and experts run int8 while the
    /// router and the absorbed kv_b_proj stay float. Its random weights give logits spanning ~100 with top-2 gaps
    /// often under one, and int8 noise flips some expert choices, so greedy agreement is 65 of 72 steps (90%),
    /// below the dense models' 95%: issue #7 records this gap; the test holds the line where it is.
    /// </summary>
    [Fact]
    public void DeepseekV3RunsInt8WithRouterAndKvBInFloat()
    {
        using var full = LoadedModel.Load(SharedData.Model("tiny-deepseek-v3"), LoadFormat.Safetensors);
        using var int8 = LoadedModel.Load(SharedData.Model("tiny-deepseek-v3"), LoadFormat.Safetensors, quantization: WeightQuantization.W8A8);
        Assert.Contains("model.layers.1.mlp.experts.0.gate_proj.weight", int8.Int8Matrices.Keys);
        Assert.Contains("model.layers.0.self_attn.q_b_proj.weight", int8.Int8Matrices.Keys);
        Assert.DoesNotContain(int8.Int8Matrices.Keys, name => name.EndsWith("kv_b_proj.weight", StringComparison.Ordinal) || name.EndsWith("mlp.gate.weight", StringComparison.Ordinal));
        Assert.True(int8.Model.WeightBytesPerToken < 0.75 * full.Model.WeightBytesPerToken);

        var (agree, steps) = AgreeingSteps(full, int8, "tiny-deepseek-v3");
        output.WriteLine($"tiny-deepseek-v3: {agree}/{steps} steps agree");
        Assert.True(agree >= 0.9 * steps, $"only {agree} of {steps} greedy steps agree");
    }

    /// <summary>
    /// Teacher-forced over every fixture case (the fixture's greedy continuation as context): at how many steps
    /// both models predict the same next token.
    /// </summary>
    private static (int Agree, int Steps) AgreeingSteps(LoadedModel full, LoadedModel int8, string fixture)
    {
        int steps = 0, agree = 0;
        foreach (var c in ReferenceCase.Load(fixture))
        {
            int[] tokens = [.. c.PromptIds, .. c.GreedyIds[..^1]];
            var expected = TeacherForcing.Logits(full.Model, tokens, c.PromptIds.Length - 1);
            var actual = TeacherForcing.Logits(int8.Model, tokens, c.PromptIds.Length - 1);
            for (var i = 0; i < expected.Length; i++, steps++)
                agree += TeacherForcing.ArgMax(expected[i]) == TeacherForcing.ArgMax(actual[i]) ? 1 : 0;
        }
        return (agree, steps);
    }

    [Fact]
    public void Stories260KPerplexityOnWikitextRisesByLessThan3Percent()
    {
        var directory = SharedData.Model("stories260K");
        var text = File.ReadAllText(SharedData.Path("datasets", "wikitext-2-raw", "wiki.test.raw"))[..20_000];
        var tokens = Tokenizer.FromDirectory(directory).Encode(text);
        using var full = LoadedModel.Load(directory, LoadFormat.Safetensors);
        using var int8 = LoadedModel.Load(directory, LoadFormat.Safetensors, quantization: WeightQuantization.W8A8);
        var window = full.Config.MaxPositionEmbeddings;

        var baseline = Perplexity.Compute(full.Model, tokens, window);
        var quantized = Perplexity.Compute(int8.Model, tokens, window);

        output.WriteLine($"stories260K wikitext-2 (20,000 chars, {baseline.Tokens} scored tokens, window {window}): F32 {baseline.Value:F3}, W8A8 {quantized.Value:F3} ({(quantized.Value / baseline.Value - 1) * 100:+0.00;-0.00}%)");
        Assert.Equal(tokens.Length - (tokens.Length + window - 1) / window, baseline.Tokens);
        Assert.InRange(baseline.Value, 2, 512);
        Assert.True(quantized.Value < baseline.Value * 1.03, $"W8A8 perplexity {quantized.Value} vs {baseline.Value}");
    }
}

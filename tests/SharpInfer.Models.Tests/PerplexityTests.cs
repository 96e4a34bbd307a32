using SharpInfer.Models.Evaluation;
using SharpInfer.Tests;

namespace SharpInfer.Models.Tests;

public sealed class PerplexityTests
{
    [Fact]
    public void NegativeLogLikelihoodIsTheSumOfTheFixturesPromptLogprobs()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("stories260K"), LoadFormat.Safetensors);
        foreach (var c in ReferenceCase.Load("stories260K"))
        {
            var result = Perplexity.Compute(loaded.Model, c.PromptIds, window: 512);

            Assert.Equal(c.PromptIds.Length - 1, result.Tokens);
            Assert.Equal(-c.PromptLogprobs.Sum(), result.NegativeLogLikelihood, 1e-3);
        }
    }

    [Fact]
    public void EachWindowStartsWithoutContext()
    {
        using var loaded = LoadedModel.Load(SharedData.Model("stories260K"), LoadFormat.Safetensors);
        var c = ReferenceCase.Load("stories260K")[0];
        int[] twice = [.. c.PromptIds, .. c.PromptIds];

        var result = Perplexity.Compute(loaded.Model, twice, window: c.PromptIds.Length);

        Assert.Equal(2 * (c.PromptIds.Length - 1), result.Tokens);
        Assert.Equal(-2 * c.PromptLogprobs.Sum(), result.NegativeLogLikelihood, 2e-3);
    }
}

using SharpInfer.Tests;

namespace SharpInfer.Engine.Tests;

/// <summary>Every fixture case through the batching engine: greedy ids, top-5 log-probabilities per step and prompt log-probabilities.</summary>
public sealed class ReferenceFixtureTests
{
    public static TheoryData<string, int> Cases() => ReferenceCase.AllCases();

    /// <summary>The cases of the Llama-family 16-bit models, whose default (auto) cache is F16.</summary>
    public static TheoryData<string, int> Float16CacheCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in new[] { "tiny-qwen2", "tiny-qwen3", "tiny-llama" })
        {
            foreach (var c in ReferenceCase.Load(model))
                data.Add(model, c.Index);
        }
        return data;
    }

    /// <summary>With the default KV cache: F16 for the 16-bit models, float32 for stories260K and the DeepSeek models.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string model, int index) => AssertMatchesReference(model, index, kvCacheDType: null);

    [Theory]
    [MemberData(nameof(Float16CacheCases))]
    public void MatchesReferenceWithAFloat32Cache(string model, int index) => AssertMatchesReference(model, index, Core.DType.F32);

    private static void AssertMatchesReference(string model, int index, Core.DType? kvCacheDType)
    {
        var reference = ReferenceCase.Load(model)[index];
        var engine = TestEngines.Create(model, configure: c => c with { KvCacheDType = kvCacheDType });
        var result = engine.Generate([new EngineRequest("r", reference.PromptIds, new SamplingParams
        {
            Temperature = 0,
            MaxTokens = reference.GreedyIds.Length,
            Logprobs = 10,
            PromptLogprobs = true,
            IgnoreEos = true,
        })])[0];

        Assert.Equal(reference.GreedyIds, result.TokenIds);
        for (var step = 0; step < reference.StepTops.Length; step++)
        {
            var ours = result.Logprobs[step].Top.ToDictionary(t => t.TokenId, t => (double)t.Logprob);
            foreach (var (id, logprob) in reference.StepTops[step])
            {
                Assert.True(ours.TryGetValue(id, out var actual), $"step {step}: token {id} missing from our top 10");
                Assert.True(Math.Abs(actual - logprob) <= reference.Tolerance, $"step {step} token {id}: {actual} vs reference {logprob}");
            }
        }

        Assert.Null(result.PromptLogprobs![0]);
        Assert.Equal(reference.PromptIds.Length, result.PromptLogprobs.Count);
        for (var j = 0; j < reference.PromptLogprobs.Length; j++)
        {
            var actual = result.PromptLogprobs[j + 1]!.Value;
            Assert.True(Math.Abs(actual - reference.PromptLogprobs[j]) <= reference.Tolerance,
                $"prompt position {j + 1}: {actual} vs reference {reference.PromptLogprobs[j]}");
        }
    }

    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-llama")]
    public void Bf16KvCacheKeepsTheGreedyTokensAndStaysNearTheReference(string model)
    {
        foreach (var reference in ReferenceCase.Load(model))
        {
            var engine = TestEngines.Create(model, configure: c => c with { KvCacheDType = Core.DType.BF16 });
            var result = engine.Generate([new EngineRequest("r", reference.PromptIds, new SamplingParams
            {
                Temperature = 0,
                MaxTokens = reference.GreedyIds.Length,
                PromptLogprobs = true,
                IgnoreEos = true,
            })])[0];
            Assert.Equal(reference.GreedyIds, result.TokenIds);
            for (var j = 0; j < reference.PromptLogprobs.Length; j++)
                Assert.True(Math.Abs(result.PromptLogprobs![j + 1]!.Value - reference.PromptLogprobs[j]) <= 0.1, $"prompt position {j + 1}");
        }
    }

    [Fact]
    public void Stories260KGreedyFromBosMatchesLlama2c()
    {
        var expected = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(SharedData.Path("models", "stories260K", "expected_greedy.json")))!;
        var ids = expected["greedy_ids_200"]!.AsArray().Select(v => (int)v!).ToArray();
        var engine = TestEngines.Create("stories260K");
        var result = engine.Generate([new EngineRequest("r", [1], new SamplingParams { Temperature = 0, MaxTokens = 200, IgnoreEos = true })])[0];
        Assert.Equal(ids, result.TokenIds);
    }
}

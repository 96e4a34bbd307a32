using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Tokenization.Tests;

/// <summary>The reference fixtures' prompts (plain text and rendered chats) tokenize to their prompt ids.</summary>
public sealed class ModelPromptTests
{
    public static TheoryData<string, int> Cases() => ReferenceCase.AllCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void PromptEncodesToReferenceIds(string model, int index)
    {
        var c = ReferenceCase.Load(model)[index];
        var text = c.Rendered ?? c.Prompt ?? throw new InvalidOperationException($"{c} has neither prompt nor rendered text");
        Assert.Equal(c.PromptIds, SharedTokenizers.ForModel(model).Encode(text));
    }

    [Fact]
    public void StoriesGreedyIdsDecodeToExpectedText()
    {
        var expected = JsonNode.Parse(File.ReadAllText(SharedData.Path("models", "stories260K", "expected_greedy.json")))!;
        var ids = expected["greedy_ids_200"]!.AsArray().Select(i => (int)i!).ToArray();
        var tokenizer = SharedTokenizers.ForModel("stories260K");

        Assert.Equal((string)expected["greedy_text"]!, tokenizer.Decode(ids, skipSpecialTokens: true));

        var detokenizer = tokenizer.CreateDetokenizer([1], skipSpecialTokens: true);
        Assert.Equal((string)expected["greedy_text"]!, string.Concat(ids.Select(detokenizer.Append)) + detokenizer.Flush());
    }

    [Fact]
    public void AddSpecialTokensAppliesThePostProcessorTemplate()
    {
        var stories = SharedTokenizers.ForModel("stories260K");
        Assert.Equal([1, 403, 407, 261, 378], stories.Encode("Once upon a time", addSpecialTokens: true));
        Assert.Equal([403, 407, 261, 378], stories.Encode("Once upon a time"));
        // Qwen's post-processor is ByteLevel only: nothing is added.
        Assert.Equal(SharedTokenizers.Get("qwen2.5").Encode("hi"), SharedTokenizers.Get("qwen2.5").Encode("hi", addSpecialTokens: true));
    }
}

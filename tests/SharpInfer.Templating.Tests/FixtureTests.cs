using SharpInfer.Tests;

namespace SharpInfer.Templating.Tests;

/// <summary>The chat cases of the shared reference fixtures, rendered by transformers.</summary>
public sealed class FixtureTests
{
    public static TheoryData<string, int> ChatCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var model in new[] { "tiny-qwen2", "tiny-qwen3", "tiny-llama", "tiny-deepseek-v3", "tiny-deepseek-v2-lite" })
            foreach (var c in ReferenceCase.Load(model).Where(c => c.Kind == "chat"))
                data.Add(model, c.Index);
        return data;
    }

    [Theory]
    [MemberData(nameof(ChatCases))]
    public void RendersFixtureChatExactly(string model, int index)
    {
        var c = ReferenceCase.Load(model)[index];
        var template = ChatTemplate.FromDirectory(SharedData.Model(model));
        Assert.Equal(c.Rendered, template.Render(c.Messages!, addGenerationPrompt: true));
    }
}

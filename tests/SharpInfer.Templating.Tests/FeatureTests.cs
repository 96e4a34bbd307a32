namespace SharpInfer.Templating.Tests;

/// <summary>Behaviour specific to transformers' environment, checked against values worked out by hand.</summary>
public sealed class FeatureTests
{
    [Fact]
    public void GenerationBlockRendersItsBody() =>
        Assert.Equal("<a>reply</a>", TemplateHarness.Render("<a>{% generation %}{{ 'reply' }}{% endgeneration %}</a>"));

    [Fact]
    public void StrftimeNowFormatsTheCurrentDate()
    {
        var before = DateTime.Now;
        var text = TemplateHarness.Render("{{ strftime_now('%Y-%m-%d') }}|{{ strftime_now('%d %B %Y') }}");
        var after = DateTime.Now;
        var candidates = new[] { before, after }.Select(t => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "|" + t.ToString("dd MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(text, candidates);
    }

    [Fact]
    public void AddGenerationPromptAndSpecialTokensAreVariables()
    {
        var template = ChatTemplate.FromString("{{ bos_token }}|{{ eos_token }}|{{ add_generation_prompt }}|{{ tools }}", "<s>", "</s>");
        Assert.Equal("<s>|</s>|True|None", template.Render([], addGenerationPrompt: true));
    }

    [Fact]
    public void ExtraContextVariablesAreVisible()
    {
        var template = ChatTemplate.FromString("{% if enable_thinking is defined and enable_thinking is false %}<think>\n\n</think>{% endif %}");
        var extra = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["enable_thinking"] = false };
        Assert.Equal("<think>\n\n</think>", template.Render([], false, null, extra));
        Assert.Equal("", template.Render([], false));
    }

    [Fact]
    public void JsonNumbersKeepIntegerOrFloatKind()
    {
        var messages = System.Text.Json.Nodes.JsonNode.Parse("""[{"a": 1, "b": 1.0, "c": 2.5e3, "d": -7}]""")!.AsArray();
        var template = ChatTemplate.FromString("{{ messages[0].a }} {{ messages[0].b }} {{ messages[0].c }} {{ messages[0].d }} {{ messages[0] | tojson }}");
        Assert.Equal("1 1.0 2500.0 -7 {\"a\": 1, \"b\": 1.0, \"c\": 2500.0, \"d\": -7}", template.Render(messages, false));
    }

    [Fact]
    public void ContentPartsListIsPassedThrough()
    {
        var messages = System.Text.Json.Nodes.JsonNode.Parse("""[{"role": "user", "content": [{"type": "text", "text": "hi"}], "x": null}]""")!.AsArray();
        var template = ChatTemplate.FromString("{{ messages[0].content[0].text }} {{ messages[0].x is none }} {{ messages[0].y is defined }}");
        Assert.Equal("hi True False", template.Render(messages, false));
    }
}

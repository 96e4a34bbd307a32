namespace SharpInfer.Templating.Tests;

/// <summary>Literals: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class LiteralsTests
{
    [Theory]
    [InlineData("{{ 'a\\tb\\n' ~ \"q\\\"\" ~ '\\u00e9\\x41' }}", "{}", "a\tb\nq\"\u00e9A")]
    [InlineData("{{ 1 }} {{ 1.5 }} {{ 1e3 }} {{ 2.0 }} {{ 1_000 }} {{ 0.1 + 0.2 }}", "{}", "1 1.5 1000.0 2.0 1000 0.30000000000000004")]
    [InlineData("{{ true }} {{ false }} {{ none }} {{ True }} {{ None }}", "{}", "True False None True None")]
    [InlineData("{{ [1, 'a', none, true, 2.5] }}", "{}", "[1, 'a', None, True, 2.5]")]
    [InlineData("{{ {'a': 1, 'b': [1, 2]} }}", "{}", "{'a': 1, 'b': [1, 2]}")]
    [InlineData("{{ (1, 2) }} {{ (1,) }} {{ () }}", "{}", "(1, 2) (1,) ()")]
    [InlineData("{{ 'it''s' }}", "{}", "its")]
    [InlineData("{{ \"it's\" }} {{ ['it\\'s', \"q\\\"\"] }}", "{}", "it's [\"it's\", 'q\"']")]
    [InlineData("{{ 1e20 }} {{ 1.5e-7 }} {{ 123456789012345678.0 }} {{ 0.0001 }} {{ -0.0 }}", "{}", "1e+20 1.5e-07 1.2345678901234568e+17 0.0001 -0.0")]
    [InlineData("{{ x }}|{{ y }}|{{ z }}", "{\"x\": 3, \"y\": 3.0, \"z\": [1.0, 2]}", "3|3.0|[1.0, 2]")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

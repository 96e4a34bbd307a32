namespace SharpInfer.Templating.Tests;

/// <summary>Tests: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class TestsTests
{
    [Theory]
    [InlineData("{{ x is defined }} {{ y is undefined }} {{ n is none }} {{ 's' is string }} {{ 1 is number }} {{ 1.5 is number }} {{ 1 is integer }} {{ 1.0 is integer }} {{ 1.0 is float }}", "{\"x\": 1, \"n\": null}", "True True True True True True True False True")]
    [InlineData("{{ {} is mapping }} {{ [] is mapping }} {{ [] is iterable }} {{ 's' is iterable }} {{ 1 is iterable }} {{ [] is sequence }} {{ true is boolean }} {{ 1 is boolean }} {{ true is true }} {{ false is false }} {{ 0 is false }}", "{}", "True False True True False True True False True True False")]
    [InlineData("{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ 1 is eq 1 }} {{ 1 is equalto(2) }} {{ 1 is ne 2 }} {{ 2 is in [1, 2] }} {{ none is sameas none }} {{ x is sameas false }}", "{\"x\": false}", "True True True False True False True True True True")]
    [InlineData("{{ x is not none }} {{ x is not string }}", "{\"x\": \"a\"}", "True False")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

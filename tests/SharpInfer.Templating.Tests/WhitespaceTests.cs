namespace SharpInfer.Templating.Tests;

/// <summary>Whitespace: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class WhitespaceTests
{
    [Theory]
    [InlineData("{% if true %}\n  yes\n{% endif %}\nend", "{}", "  yes\nend")]
    [InlineData("  {% if true %}\nA\n  {% endif %}\nB", "{}", "A\nB")]
    [InlineData("x  {% if true %}y{% endif %}", "{}", "x  y")]
    [InlineData("a\n  {{ 'b' }}\n  c", "{}", "a\n  b\n  c")]
    [InlineData("a  {{- 'b' -}}  \n c", "{}", "abc")]
    [InlineData("a\n  {%- if true -%}\n  b  \n{%- endif %}\nc", "{}", "abc")]
    [InlineData("{# comment #}\nline\n  {# indented comment #}\nnext", "{}", "line\nnext")]
    [InlineData("a {#- trimmed -#} b", "{}", "ab")]
    [InlineData("  {%+ if true %}kept{% endif %}", "{}", "  kept")]
    [InlineData("{% if true +%}\nnewline kept{% endif %}", "{}", "\nnewline kept")]
    [InlineData("line\n", "{}", "line")]
    [InlineData("line\n\n", "{}", "line\n")]
    [InlineData("a\r\nb", "{}", "a\nb")]
    [InlineData("{% raw %}{{ not parsed }}{% endraw %}", "{}", "{{ not parsed }}")]
    [InlineData("{% for i in [1,2] %}\n  - {{ i }}\n{% endfor %}\n", "{}", "  - 1\n  - 2\n")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

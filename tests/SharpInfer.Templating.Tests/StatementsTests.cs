namespace SharpInfer.Templating.Tests;

/// <summary>Statements: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class StatementsTests
{
    [Theory]
    [InlineData("{% if x == 1 %}one{% elif x == 2 %}two{% else %}other{% endif %}", "{\"x\": 2}", "two")]
    [InlineData("{% if x == 1 %}one{% elif x == 2 %}two{% else %}other{% endif %}", "{\"x\": 5}", "other")]
    [InlineData("{% set a, b = 1, 2 %}{{ a }}{{ b }}", "{}", "12")]
    [InlineData("{% set ns = namespace(found=false, n=0) %}{% for x in [1, 2, 3] %}{% if x > 1 %}{% set ns.found = true %}{% set ns.n = ns.n + x %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.n }}", "{}", "True 5")]
    [InlineData("{% set block %}Hello {{ name }}{% endset %}[{{ block }}]", "{\"name\": \"Bob\"}", "[Hello Bob]")]
    [InlineData("{% set block | upper %}hello{% endset %}{{ block }}", "{}", "HELLO")]
    [InlineData("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ greet('B', '?') }} {{ greet(name='C', punct='.') }}", "{}", "Hi A! Hi B? Hi C.")]
    [InlineData("{% macro m(a, b) %}[{{ a }}|{{ b is defined }}]{% endmacro %}{{ m(1) }}", "{}", "[1|False]")]
    [InlineData("{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}bold {{ 1 + 1 }}{% endcall %}", "{}", "<b>bold 2</b>")]
    [InlineData("{% filter upper %}shout {{ 'it' }}{% endfilter %}", "{}", "SHOUT IT")]
    [InlineData("{% with a = 3 %}{{ a }}{% endwith %}{{ a is defined }}", "{}", "3False")]
    [InlineData("{{ x, y }}", "{\"x\": 1, \"y\": \"b\"}", "(1, 'b')")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

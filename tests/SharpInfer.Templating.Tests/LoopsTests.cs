namespace SharpInfer.Templating.Tests;

/// <summary>Loops: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class LoopsTests
{
    [Theory]
    [InlineData("{% for x in l %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }} {% endfor %}", "{\"l\": [\"a\", \"b\", \"c\"]}", "1/0/3/2/True/False/3 2/1/2/1/False/False/3 3/2/1/0/False/True/3 ")]
    [InlineData("{% for x in l %}{{ loop.previtem | default('-') }}{{ x }}{{ loop.nextitem | default('-') }} {% endfor %}", "{\"l\": [\"a\", \"b\", \"c\"]}", "-ab abc bc- ")]
    [InlineData("{% for x in l %}{{ loop.cycle('odd', 'even') }} {% endfor %}", "{\"l\": [1, 2, 3]}", "odd even odd ")]
    [InlineData("{% for x in l if x is odd %}{{ x }}:{{ loop.length }} {% endfor %}", "{\"l\": [1, 2, 3, 4, 5]}", "1:3 3:3 5:3 ")]
    [InlineData("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}", "{}", "empty")]
    [InlineData("{% for x in l %}{% if x == 3 %}{% break %}{% endif %}{% if x == 1 %}{% continue %}{% endif %}{{ x }}{% endfor %}", "{\"l\": [1, 2, 3, 4]}", "2")]
    [InlineData("{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }} {% endfor %}", "{}", "3 7 ")]
    [InlineData("{% for c in 'abc' %}{{ c }}-{% endfor %}", "{}", "a-b-c-")]
    [InlineData("{% for k in {'x': 1, 'y': 2} %}{{ k }}{% endfor %}", "{}", "xy")]
    [InlineData("{% for i in range(3) %}{{ i }}{% endfor %} {% for i in range(1, 10, 3) %}{{ i }}{% endfor %} {% for i in range(3, 0, -1) %}{{ i }}{% endfor %}", "{}", "012 147 321")]
    [InlineData("{% for row in rows %}{% for x in row %}{{ loop.index }}{% endfor %}{{ loop.index }};{% endfor %}", "{\"rows\": [[1, 2], [3]]}", "121;12;")]
    [InlineData("{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{% endfor %}{{ x }}", "{}", "1")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

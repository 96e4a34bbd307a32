namespace SharpInfer.Templating.Tests;

/// <summary>Access: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData("{{ m.role }} {{ m['content'] }} {{ m.missing }}|{{ m.missing is defined }}", "{\"m\": {\"role\": \"user\", \"content\": \"hi\"}}", "user hi |False")]
    [InlineData("{{ l[0] }} {{ l[-1] }} {{ l[5] }}| {{ l[1:] }} {{ l[:2] }} {{ l[::-1] }} {{ l[::2] }} {{ l[-2:] }}", "{\"l\": [1, 2, 3, 4]}", "1 4 | [2, 3, 4] [1, 2] [4, 3, 2, 1] [1, 3] [3, 4]")]
    [InlineData("{{ s[0] }} {{ s[::-1] }} {{ s[1:3] }} {{ s[-3:] }}", "{\"s\": \"hello\"}", "h olleh el llo")]
    [InlineData("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", "{\"d\": {\"b\": 1, \"a\": 2}}", "b=1;a=2;")]
    [InlineData("{{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }}", "{\"d\": {\"b\": 1, \"a\": 2}}", "['b', 'a'] [1, 2] 2 None 0")]
    [InlineData("{{ d['items'] }} {{ t.0 }} {{ t[1] }}", "{\"d\": {\"items\": 7}, \"t\": [\"x\", \"y\"]}", "7 x y")]
    [InlineData("{{ none_value.x is defined }}", "{\"none_value\": null}", "False")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

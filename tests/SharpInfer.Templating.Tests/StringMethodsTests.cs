namespace SharpInfer.Templating.Tests;

/// <summary>StringMethods: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class StringMethodsTests
{
    [Theory]
    [InlineData("{{ s.startswith('he') }} {{ s.endswith('lo') }} {{ s.startswith(('x', 'h')) }} {{ s.upper() }} {{ s.lower() }} {{ s.title() }} {{ s.capitalize() }}", "{\"s\": \"hello\"}", "True True True HELLO hello Hello Hello")]
    [InlineData("[{{ s.strip() }}] [{{ s.lstrip() }}] [{{ s.rstrip() }}] [{{ 'xxaxx'.strip('x') }}] [{{ 'xxa'.lstrip('x') }}] [{{ 'axx'.rstrip('x') }}]", "{\"s\": \"  a b  \"}", "[a b] [a b  ] [  a b] [a] [a] [a]")]
    [InlineData("{{ 'a,b,,c'.split(',') }} {{ ' a  b '.split() }} {{ 'a b c'.split(' ', 1) }} {{ 'a,b,c'.rsplit(',', 1) }} {{ 'x'.split('x') }}", "{}", "['a', 'b', '', 'c'] ['a', 'b'] ['a', 'b c'] ['a,b', 'c'] ['', '']")]
    [InlineData("{{ 'aXbX'.replace('X', '-') }} {{ 'abcabc'.find('c') }} {{ 'abc'.find('z') }} {{ 'abcabc'.count('b') }} {{ '-'.join(['a', 'b']) }}", "{}", "a-b- 2 -1 2 a-b")]
    [InlineData("{{ '{} and {}'.format(1, 'b') }} {{ '{0}{0}{name}'.format('x', name='y') }} {{ 'hello world'.title() }} {{ \"it's\".title() }}", "{}", "1 and b xxy Hello World It'S")]
    [InlineData("{{ 'a\\nb\\r\\nc'.splitlines() }} {{ '<think>x'.removeprefix('<think>') }} {{ '42'.isdigit() }} {{ 'ab'.isalpha() }}", "{}", "['a', 'b', 'c'] x True True")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

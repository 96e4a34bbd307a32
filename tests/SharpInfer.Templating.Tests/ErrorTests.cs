using SharpInfer.Core;

namespace SharpInfer.Templating.Tests;

public sealed class ErrorTests
{
    [Theory]
    [InlineData("line one\n{% if x %}\nunclosed", "line 2, column 4", "never closed")]
    [InlineData("a\nb\n{{ 1 + }}", "line 3, column 8", "expected an expression but found '}}'")]
    [InlineData("{% for x in y %}{% endif %}", "line 1, column 20", "unexpected 'endif': the innermost open block 'for' expects 'else' or 'endfor'")]
    [InlineData("{% endfor %}", "line 1, column 4", "no open block")]
    [InlineData("ok\n  {% frobnicate %}", "line 2, column 6", "unknown tag 'frobnicate'")]
    [InlineData("{{ 'abc }}", "line 1, column 4", "string literal is never closed")]
    [InlineData("{{ x ", "line 1, column 1", "never closed")]
    [InlineData("{# comment", "line 1, column 1", "comment is never closed")]
    [InlineData("{% break %}", "line 1, column 4", "only allowed inside a for loop")]
    [InlineData("{% include 'x.jinja' %}", "line 1, column 4", "not supported")]
    [InlineData("{{ x $ y }}", "line 1, column 6", "unexpected character '$'")]
    [InlineData("{% macro m(a=1, b) %}{% endmacro %}", "line 1, column 17", "without a default")]
    public void SyntaxErrorsNameLineAndColumn(string template, string location, string problem)
    {
        var e = Assert.Throws<UserErrorException>(() => ChatTemplate.FromString(template));
        Assert.Contains(location, e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void RaiseExceptionBecomesUserErrorWithTheTemplatesMessage()
    {
        var e = Assert.Throws<UserErrorException>(() =>
            TemplateHarness.Render("{% if messages | length == 0 %}{{ raise_exception('Conversation roles must alternate') }}{% endif %}"));
        Assert.Equal("chat template raised: Conversation roles must alternate", e.Message);
    }

    [Theory]
    [InlineData("\n\n{{ 1 + 'a' }}", "line 3", "unsupported operand type(s) for +: 'int' and 'str'")]
    [InlineData("{{ 'a' + none }}", "line 1", "can only concatenate str (not \"NoneType\") to str")]
    [InlineData("{{ missing.attr }}", "line 1", "'missing' is undefined")]
    [InlineData("{{ 1 // 0 }}", "line 1", "division or modulo by zero")]
    [InlineData("{{ x | nosuchfilter }}", "line 1", "no filter named 'nosuchfilter'")]
    [InlineData("{{ x is nosuchtest }}", "line 1", "no test named 'nosuchtest'")]
    [InlineData("{% for x in none %}{% endfor %}", "line 1", "'NoneType' object is not iterable")]
    [InlineData("{% set x = [] %}{{ x.append(1) }}", "line 1", "unsafe")]
    [InlineData("{% set a, b = [1] %}", "line 1", "not enough values to unpack")]
    [InlineData("{% set x = 1 %}{% set x.y = 2 %}", "line 1", "only namespace() objects")]
    [InlineData("{{ 1 < 'a' }}", "line 1", "'<' not supported between instances of 'int' and 'str'")]
    [InlineData("{{ {'a': 1} | tojson }}{{ missing | tojson }}", "line 1", "Undefined is not JSON serializable")]
    [InlineData("{% macro m(a) %}{{ m(a) }}{% endmacro %}{{ m(1) }}", "line 1", "recursed more than")]
    public void RuntimeErrorsAreUserErrorsWithTheLine(string template, string line, string problem)
    {
        var e = Assert.Throws<UserErrorException>(() => TemplateHarness.Render(template));
        Assert.StartsWith($"chat template error at {line}:", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void ErrorInsideAMacroNamesTheLineInsideTheMacro()
    {
        var e = Assert.Throws<UserErrorException>(() =>
            TemplateHarness.Render("{% macro m() %}\n\n{{ 1 + none }}\n{% endmacro %}\n{{ m() }}"));
        Assert.StartsWith("chat template error at line 3:", e.Message);
    }

    [Fact]
    public void EveryTruncationOfARealTemplateFailsOnlyWithUserErrors()
    {
        var source = File.ReadAllText(SharpInfer.Tests.SharedData.Path("tokenizers", "qwen2.5", "chat_template.jinja"));
        var messages = System.Text.Json.Nodes.JsonNode.Parse("""[{"role": "user", "content": "hi"}]""")!.AsArray();
        var failures = 0;
        for (var length = 0; length <= source.Length; length += 7)
        {
            try
            {
                ChatTemplate.FromString(source[..length]).Render(messages, true);
            }
            catch (UserErrorException)
            {
                failures++;
            }
        }
        Assert.True(failures > 0);
    }
}

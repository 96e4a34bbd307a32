namespace SharpInfer.Templating.Tests;

/// <summary>Operators: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class OperatorsTests
{
    [Theory]
    [InlineData("{{ 7 + 2 }} {{ 7 - 2 }} {{ 7 * 2 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ 7 % 2 }} {{ 2 ** 10 }}", "{}", "9 5 14 3.5 3 1 1024")]
    [InlineData("{{ -7 // 2 }} {{ -7 % 3 }} {{ 7.5 // 2 }} {{ 6 / 3 }} {{ 2 ** -1 }}", "{}", "-4 2 3.0 2.0 0.5")]
    [InlineData("{{ 'ab' ~ 1 ~ none ~ x }}", "{}", "ab1None")]
    [InlineData("{{ 'ab' + 'cd' }} {{ 'ab' * 3 }} {{ [1] + [2] }} {{ [0] * 2 }}", "{}", "abcd ababab [1, 2] [0, 0]")]
    [InlineData("{{ 1 < 2 }} {{ 2 <= 1 }} {{ 1 == 1.0 }} {{ 'a' != 'b' }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 5 }}", "{}", "True False True True True False")]
    [InlineData("{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }}", "{}", "True True True True")]
    [InlineData("{{ 0 or 'x' }} {{ 1 and 'y' }} {{ none or [] }} {{ not 0 }} {{ not 'a' }}", "{}", "x y [] True False")]
    [InlineData("{{ 'yes' if x else 'no' }} {{ 'y' if none }}|", "{\"x\": [1]}", "yes |")]
    [InlineData("{{ -x }} {{ - 2 ** 2 }} {{ (1 + 2) * 3 }}", "{\"x\": 4}", "-4 4 9")]
    [InlineData("{{ 2 * 3 ~ 4 }} {{ 1 ~ 2 * 3 }}", "{}", "64 16")]
    [InlineData("{{ not x is defined }} {{ x is not defined and true }}", "{}", "True True")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

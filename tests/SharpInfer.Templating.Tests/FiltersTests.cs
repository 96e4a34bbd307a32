namespace SharpInfer.Templating.Tests;

/// <summary>Filters: expected outputs were produced by Python jinja2 3.1 configured as transformers configures it.</summary>
public sealed class FiltersTests
{
    [Theory]
    [InlineData("{{ '  hi  ' | trim }}|{{ 'xxhixx' | trim('x') }}|{{ 'Hi' | upper }}{{ 'Hi' | lower }}|{{ 'hello wORLD-foo' | title }}|{{ 'hELLO world' | capitalize }}", "{}", "hi|hi|HIhi|Hello World-Foo|Hello world")]
    [InlineData("{{ [1, 2, 3] | length }} {{ 'abc' | count }} {{ {'a': 1} | length }} {{ undefined_thing | length }}", "{}", "3 3 1 0")]
    [InlineData("{{ ['a', 'b'] | join(', ') }} {{ [1, 2] | join }} {{ users | join(', ', attribute='name') }}", "{\"users\": [{\"name\": \"x\"}, {\"name\": \"y\"}]}", "a, b 12 x, y")]
    [InlineData("{{ missing | default('d') }} {{ '' | default('e') }} {{ '' | default('e', true) }} {{ none | d('n', boolean=true) }} {{ 0 | default(5) }}", "{}", "d  e n 0")]
    [InlineData("{{ [3, 1, 2] | first }} {{ [3, 1, 2] | last }} {{ 'abc' | list }} {{ 42 | string }} {{ '42' | int + 1 }} {{ '3.7' | int }} {{ 'x' | int }} {{ '2.5' | float }} {{ 3 | float }}", "{}", "3 2 ['a', 'b', 'c'] 42 43 3 0 2.5 3.0")]
    [InlineData("{{ 'a-b-c' | replace('-', '+') }} {{ 'aaa' | replace('a', 'b', 2) }}", "{}", "a+b+c bba")]
    [InlineData("{{ d | items | list }} {{ d | dictsort }} {{ d | dictsort(reverse=true) }}", "{\"d\": {\"b\": 2, \"a\": 1, \"C\": 3}}", "[('b', 2), ('a', 1), ('C', 3)] [('a', 1), ('b', 2), ('C', 3)] [('C', 3), ('b', 2), ('a', 1)]")]
    [InlineData("{{ users | selectattr('active') | map(attribute='name') | list }} {{ users | rejectattr('active') | map(attribute='name') | join }} {{ users | selectattr('age', 'gt', 20) | map(attribute='name') | list }}", "{\"users\": [{\"name\": \"a\", \"active\": true, \"age\": 30}, {\"name\": \"b\", \"active\": false, \"age\": 10}]}", "['a'] b ['a']")]
    [InlineData("{{ users | selectattr('role', 'equalto', 'x') | list | length }} {{ [1, 2, 3, 4] | select('even') | list }} {{ [1, 0, 2] | select | list }} {{ [1, 2, 3] | reject('odd') | list }}", "{\"users\": [{\"role\": \"x\"}, {\"role\": \"y\"}]}", "1 [2, 4] [1, 2] [2]")]
    [InlineData("{{ ['a', 'b'] | map('upper') | list }} {{ users | map(attribute='missing', default='?') | list }}", "{\"users\": [{\"name\": \"a\"}]}", "['A', 'B'] ['?']")]
    [InlineData("{{ [1, 2, 1, 3, 2] | unique | list }} {{ ['A', 'a', 'b'] | unique | list }} {{ [3, 1, 2] | reverse | list }} {{ 'abc' | reverse }}", "{}", "[1, 2, 3] ['A', 'b'] [2, 1, 3] cba")]
    [InlineData("{{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort }} {{ [3, 1, 2] | sort(reverse=true) }} {{ users | sort(attribute='age') | map(attribute='n') | join }}", "{\"users\": [{\"n\": \"x\", \"age\": 3}, {\"n\": \"y\", \"age\": 1}]}", "[1, 2, 3] ['A', 'b', 'c'] [3, 2, 1] yx")]
    [InlineData("{{ '<a href=\"x\">&\\'' | escape }} {{ '<b>' | safe }} {{ 'one two  three' | wordcount }} {{ -3 | abs }} {{ 2.567 | round(2) }} {{ 2.5 | round }} {{ 2.1 | round(0, 'ceil') }}", "{}", "&lt;a href=&#34;x&#34;&gt;&amp;&#39; <b> 3 3 2.57 2.0 3.0")]
    [InlineData("{{ 'a\\nb\\n\\nc' | indent }}|{{ 'a\\nb' | indent(2, true) }}|{{ 'a\\n\\nb' | indent(2, blank=true) }}", "{}", "a\n    b\n\n    c|  a\n  b|a\n  \n  b")]
    [InlineData("{{ [1, 2, 3, 4, 5] | batch(2) | list }} {{ [1, 2, 3] | batch(2, 0) | list }} {{ [1, 2, 3] | sum }} {{ [3, 1, 2] | max }} {{ [3, 1, 2] | min }}", "{}", "[[1, 2], [3, 4], [5]] [[1, 2], [3, 0]] 6 3 1")]
    [InlineData("{{ x | tojson }}", "{\"x\": {\"name\": \"f\", \"args\": {\"a\": 1, \"b\": [true, null, 1.5], \"c\": \"caf\u00e9 \\\"q\\\" \\n\"}}}", "{\"name\": \"f\", \"args\": {\"a\": 1, \"b\": [true, null, 1.5], \"c\": \"caf\u00e9 \\\"q\\\" \\n\"}}")]
    [InlineData("{{ x | tojson(indent=2) }}", "{\"x\": {\"a\": [1, 2], \"b\": {}, \"c\": []}}", "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}")]
    [InlineData("{{ x | tojson(sort_keys=true) }} {{ x | tojson(separators=(',', ':')) }}", "{\"x\": {\"b\": 1, \"a\": [1, 2]}}", "{\"a\": [1, 2], \"b\": 1} {\"b\":1,\"a\":[1,2]}")]
    [InlineData("{{ 'a<b' | tojson }} {{ 1.0 | tojson }} {{ (1, 2) | tojson }}", "{}", "\"a<b\" 1.0 [1, 2]")]
    public void RendersLikeJinja2(string template, string contextJson, string expected) =>
        Assert.Equal(expected, TemplateHarness.Render(template, contextJson));
}

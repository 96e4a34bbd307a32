namespace SharpInfer.Templating.Runtime;

/// <summary>Jinja's tests: <c>value is name(args)</c>.</summary>
internal static class TemplateTests
{
    private delegate bool TestFunction(object? value, CallArguments args);

    private static readonly Dictionary<string, TestFunction> Registry = new(StringComparer.Ordinal)
    {
        ["defined"] = (v, _) => v is not Undefined,
        ["undefined"] = (v, _) => v is Undefined,
        ["none"] = (v, _) => v is null,
        ["boolean"] = (v, _) => v is bool,
        ["true"] = (v, _) => v is true,
        ["false"] = (v, _) => v is false,
        ["integer"] = (v, _) => v is long,
        ["float"] = (v, _) => v is double,
        ["number"] = (v, _) => PyValue.IsNumber(v),
        ["string"] = (v, _) => v is string,
        ["mapping"] = (v, _) => v is PyDict,
        ["iterable"] = (v, _) => v is string or List<object?> or object?[] or PyDict or Undefined,
        ["sequence"] = (v, _) => v is string or List<object?> or object?[] or PyDict,
        ["callable"] = (v, _) => v is Callable,
        ["sameas"] = (v, a) => SameAs(v, Other(a, "sameas")),
        ["eq"] = (v, a) => PyCompare.AreEqual(v, Other(a, "eq")),
        ["ne"] = (v, a) => !PyCompare.AreEqual(v, Other(a, "ne")),
        ["lt"] = (v, a) => PyCompare.Order(v, Other(a, "lt")) < 0,
        ["le"] = (v, a) => PyCompare.Order(v, Other(a, "le")) <= 0,
        ["gt"] = (v, a) => PyCompare.Order(v, Other(a, "gt")) > 0,
        ["ge"] = (v, a) => PyCompare.Order(v, Other(a, "ge")) >= 0,
        ["in"] = (v, a) => PyCompare.Contains(Other(a, "in"), v),
        ["odd"] = (v, _) => PyValue.ToInteger(v, "odd test value") % 2 != 0,
        ["even"] = (v, _) => PyValue.ToInteger(v, "even test value") % 2 == 0,
        ["divisibleby"] = (v, a) => DivisibleBy(v, Other(a, "divisibleby")),
        ["lower"] = (v, _) => v is string s && s.ToLowerInvariant() == s,
        ["upper"] = (v, _) => v is string s && s.ToUpperInvariant() == s,
    };

    static TemplateTests()
    {
        Registry["equalto"] = Registry["=="] = Registry["eq"];
        Registry["!="] = Registry["ne"];
        Registry["lessthan"] = Registry["<"] = Registry["lt"];
        Registry["<="] = Registry["le"];
        Registry["greaterthan"] = Registry[">"] = Registry["gt"];
        Registry[">="] = Registry["ge"];
    }

    public static bool Run(string name, object? value, CallArguments args) =>
        Registry.TryGetValue(name, out var test)
            ? test(value, args)
            : throw new TemplateRuntimeException($"no test named '{name}'");

    private static object? Other(CallArguments args, string test) =>
        args.Positional.Count == 1 && args.Named.Count == 0
            ? args.Positional[0]
            : throw new TemplateRuntimeException($"the '{test}' test takes exactly one argument");

    /// <summary>Python's <c>is</c>: identical objects, or the same singleton / small immutable value.</summary>
    private static bool SameAs(object? a, object? b) => a switch
    {
        null => b is null,
        bool x => b is bool y && x == y,
        long x => b is long y && x == y,
        string x => b is string y && x == y,
        _ => ReferenceEquals(a, b),
    };

    private static bool DivisibleBy(object? value, object? divisor)
    {
        var d = PyValue.ToInteger(divisor, "divisibleby argument");
        if (d == 0)
            throw new TemplateRuntimeException("integer division or modulo by zero");
        return value is double f ? f % d == 0 : PyValue.ToInteger(value, "divisibleby value") % d == 0;
    }
}

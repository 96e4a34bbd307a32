using System.Text;

namespace SharpInfer.Templating.Runtime;

/// <summary>Python str methods callable from templates (<c>text.strip()</c>, <c>text.split(',')</c>, ...).</summary>
internal static class StringMethods
{
    private delegate object? Method(string self, CallArguments args);

    private static readonly Dictionary<string, Method> Methods = new(StringComparer.Ordinal)
    {
        ["upper"] = (s, a) => NoArgs(a, "upper", s.ToUpperInvariant()),
        ["lower"] = (s, a) => NoArgs(a, "lower", s.ToLowerInvariant()),
        ["title"] = (s, a) => NoArgs(a, "title", Title(s)),
        ["capitalize"] = (s, a) => NoArgs(a, "capitalize", Capitalize(s)),
        ["strip"] = (s, a) => Strip(s, a, "strip", start: true, end: true),
        ["lstrip"] = (s, a) => Strip(s, a, "lstrip", start: true, end: false),
        ["rstrip"] = (s, a) => Strip(s, a, "rstrip", start: false, end: true),
        ["startswith"] = (s, a) => Affix(a.Check("startswith", "prefix").Required(0, "prefix", "startswith"), p => s.StartsWith(p, StringComparison.Ordinal)),
        ["endswith"] = (s, a) => Affix(a.Check("endswith", "suffix").Required(0, "suffix", "endswith"), p => s.EndsWith(p, StringComparison.Ordinal)),
        ["split"] = (s, a) => PySplit.Split(s, a.Check("split", "sep", "maxsplit").Get(0, "sep"), MaxSplit(a)),
        ["rsplit"] = (s, a) => PySplit.RightSplit(s, a.Check("rsplit", "sep", "maxsplit").Get(0, "sep"), MaxSplit(a)),
        ["splitlines"] = (s, a) => NoArgs(a, "splitlines", PySplit.SplitLines(s)),
        ["replace"] = (s, a) => Replace(s, a.Check("replace", "old", "new", "count")),
        ["find"] = (s, a) => (long)s.IndexOf(Arg(a, "find", "sub"), StringComparison.Ordinal),
        ["rfind"] = (s, a) => (long)s.LastIndexOf(Arg(a, "rfind", "sub"), StringComparison.Ordinal),
        ["count"] = (s, a) => Count(s, Arg(a, "count", "sub")),
        ["join"] = (s, a) => string.Join(s, PyValue.Iterate(a.Check("join", "iterable").Required(0, "iterable", "join")).Select(x =>
            x as string ?? throw new TemplateRuntimeException($"sequence item: expected str instance, {PyValue.TypeName(x)} found"))),
        ["removeprefix"] = (s, a) => Arg(a, "removeprefix", "prefix") is var p && s.StartsWith(p, StringComparison.Ordinal) ? s[p.Length..] : s,
        ["removesuffix"] = (s, a) => Arg(a, "removesuffix", "suffix") is var p && p.Length > 0 && s.EndsWith(p, StringComparison.Ordinal) ? s[..^p.Length] : s,
        ["isdigit"] = (s, a) => NoArgs(a, "isdigit", s.Length > 0 && s.All(char.IsDigit)),
        ["isalpha"] = (s, a) => NoArgs(a, "isalpha", s.Length > 0 && s.All(char.IsLetter)),
        ["isalnum"] = (s, a) => NoArgs(a, "isalnum", s.Length > 0 && s.All(char.IsLetterOrDigit)),
        ["isspace"] = (s, a) => NoArgs(a, "isspace", s.Length > 0 && s.All(char.IsWhiteSpace)),
        ["islower"] = (s, a) => NoArgs(a, "islower", s.Any(char.IsLetter) && !s.Any(char.IsUpper)),
        ["isupper"] = (s, a) => NoArgs(a, "isupper", s.Any(char.IsLetter) && !s.Any(char.IsLower)),
        ["format"] = (s, a) => PyStringFormat.Format(s, a),
    };

    public static bool TryBind(string self, string name, out object? method)
    {
        if (Methods.TryGetValue(name, out var impl))
        {
            method = new Callable("str." + name, args => impl(self, args));
            return true;
        }
        method = null;
        return false;
    }

    /// <summary>Python's str.title: a letter is upper-cased when it does not follow another letter.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousCased = false;
        foreach (var c in s)
        {
            sb.Append(previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousCased = char.IsLetter(c);
        }
        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    public static string Strip(string s, object? chars, bool start, bool end)
    {
        if (chars is null or Undefined)
            return start && end ? s.Trim() : start ? s.TrimStart() : s.TrimEnd();
        var set = PyValue.ExpectString(chars, "strip characters").ToCharArray();
        return start && end ? s.Trim(set) : start ? s.TrimStart(set) : s.TrimEnd(set);
    }

    private static object? Strip(string s, CallArguments a, string name, bool start, bool end) =>
        Strip(s, a.Check(name, "chars").Get(0, "chars"), start, end);

    private static object? NoArgs(CallArguments args, string name, object? result) =>
        args.Count == 0 ? result : throw new TemplateRuntimeException($"str.{name}() takes no arguments ({args.Count} given)");

    private static string Arg(CallArguments args, string method, string name) =>
        PyValue.ExpectString(args.Required(0, name, "str." + method), $"str.{method}() argument");

    private static long MaxSplit(CallArguments args) => PyValue.ToInteger(args.Get(1, "maxsplit", -1L), "maxsplit");

    private static bool Affix(object? affix, Func<string, bool> matches) => affix switch
    {
        string text => matches(text),
        object?[] options => options.Any(o => matches(PyValue.ExpectString(o, "each prefix or suffix"))),
        _ => throw new TemplateRuntimeException($"startswith/endswith first arg must be str or a tuple of str, not {PyValue.TypeName(affix)}"),
    };

    private static string Replace(string s, CallArguments args)
    {
        var old = PyValue.ExpectString(args.Required(0, "old", "str.replace"), "str.replace() argument");
        var replacement = PyValue.ExpectString(args.Required(1, "new", "str.replace"), "str.replace() argument");
        var count = PyValue.ToInteger(args.Get(2, "count", -1L), "count");
        return PySplit.Replace(s, old, replacement, count);
    }

    private static long Count(string s, string sub)
    {
        if (sub.Length == 0)
            return s.Length + 1;
        long n = 0;
        for (var i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal))
            n++;
        return n;
    }
}

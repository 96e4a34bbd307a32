using System.Text;
using System.Text.RegularExpressions;

namespace SharpInfer.Templating.Runtime;

/// <summary>Jinja's text filters; values are converted with str() first, so undefined becomes "".</summary>
internal static partial class StringFilters
{
    public static void Register(Dictionary<string, FilterFunction> filters)
    {
        filters["trim"] = (v, a) => StringMethods.Strip(Str(v), a.Check("trim", "chars").Get(0, "chars"), true, true);
        filters["upper"] = (v, a) => Str(v).ToUpperInvariant();
        filters["lower"] = (v, a) => Str(v).ToLowerInvariant();
        filters["capitalize"] = (v, a) => StringMethods.Capitalize(Str(v));
        filters["title"] = (v, a) => Title(Str(v));
        filters["string"] = (v, a) => Str(v);
        filters["safe"] = (v, a) => v;
        filters["escape"] = filters["e"] = (v, a) => Escape(Str(v));
        filters["replace"] = (v, a) => PySplit.Replace(Str(v),
            Str(a.Check("replace", "old", "new", "count").Required(0, "old", "replace")),
            Str(a.Required(1, "new", "replace")),
            a.Get(2, "count") is { } count ? PyValue.ToInteger(count, "count") : -1);
        filters["indent"] = (v, a) => Indent(Str(v), a.Check("indent", "width", "first", "blank"));
        filters["wordcount"] = (v, a) => (long)Word().Count(Str(v));
        filters["center"] = (v, a) => Center(Str(v), (int)PyValue.ToInteger(a.Get(0, "width", 80L), "width"));
        filters["tojson"] = (v, a) => ToJson(v, a.Check("tojson", "indent", "separators", "sort_keys"));
    }

    private static string Str(object? value) => PyFormat.Str(value);

    /// <summary>Jinja's title filter: each word after a space, dash or opening bracket is capitalized.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var part in WordBeginning().Split(s))
            if (part.Length > 0)
                sb.Append(char.ToUpperInvariant(part[0])).Append(part[1..].ToLowerInvariant());
        return sb.ToString();
    }

    private static string Escape(string s) => s
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;");

    private static string Indent(string s, CallArguments args)
    {
        var width = args.Get(0, "width", 4L);
        var indentation = width as string ?? new string(' ', (int)PyValue.ToInteger(width, "indent width"));
        var first = PyValue.IsTrue(args.Get(1, "first", false));
        var blank = PyValue.IsTrue(args.Get(2, "blank", false));
        var lines = PySplit.SplitLines(s + "\n").Cast<string>().ToList();
        string result;
        if (blank)
        {
            result = string.Join("\n" + indentation, lines);
        }
        else
        {
            result = lines[0];
            if (lines.Count > 1)
                result += "\n" + string.Join("\n", lines.Skip(1).Select(l => l.Length > 0 ? indentation + l : l));
        }
        return first ? indentation + result : result;
    }

    private static string Center(string s, int width)
    {
        if (width <= s.Length)
            return s;
        var total = width - s.Length;
        var left = total / 2 + (total & width & 1);
        return new string(' ', left) + s + new string(' ', total - left);
    }

    private static string ToJson(object? value, CallArguments args)
    {
        var indentArg = args.Get(0, "indent");
        var indent = indentArg switch
        {
            null => null,
            string text => text,
            _ => new string(' ', (int)PyValue.ToInteger(indentArg, "tojson indent")),
        };
        string? itemSeparator = null, keySeparator = null;
        if (args.Get(1, "separators") is { } separators)
        {
            var pair = PyValue.ToList(separators);
            if (pair.Count != 2)
                throw new TemplateRuntimeException("tojson separators must be a pair like (',', ': ')");
            itemSeparator = PyValue.ExpectString(pair[0], "tojson item separator");
            keySeparator = PyValue.ExpectString(pair[1], "tojson key separator");
        }
        return JsonWriter.Serialize(value, indent, itemSeparator, keySeparator, PyValue.IsTrue(args.Get(2, "sort_keys", false)));
    }

    [GeneratedRegex(@"([-\s({\[<]+)")]
    private static partial Regex WordBeginning();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}

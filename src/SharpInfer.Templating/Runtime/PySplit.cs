using System.Text;

namespace SharpInfer.Templating.Runtime;

/// <summary>Python's str.split / rsplit / splitlines / replace semantics.</summary>
internal static class PySplit
{
    public static List<object?> Split(string s, object? separator, long maxSplit)
    {
        if (separator is null or Undefined)
            return SplitWhitespace(s, maxSplit);
        var sep = Separator(separator);
        var parts = new List<object?>();
        var start = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            var at = s.IndexOf(sep, start, StringComparison.Ordinal);
            if (at < 0)
                break;
            parts.Add(s[start..at]);
            start = at + sep.Length;
        }
        parts.Add(s[start..]);
        return parts;
    }

    public static List<object?> RightSplit(string s, object? separator, long maxSplit)
    {
        if (maxSplit < 0)
            return Split(s, separator, maxSplit);
        var parts = new List<object?>();
        var end = s.Length;
        if (separator is null or Undefined)
        {
            var trimmed = s.TrimEnd();
            end = trimmed.Length;
            while (parts.Count < maxSplit)
            {
                var at = end - 1;
                while (at >= 0 && !char.IsWhiteSpace(s[at]))
                    at--;
                if (at < 0)
                    break;
                parts.Add(s[(at + 1)..end]);
                end = at;
                while (end > 0 && char.IsWhiteSpace(s[end - 1]))
                    end--;
            }
            if (end > 0)
                parts.Add(s[..end]);
            parts.Reverse();
            return parts;
        }
        var sep = Separator(separator);
        while (parts.Count < maxSplit)
        {
            var at = end == 0 ? -1 : s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
            if (at < 0)
                break;
            parts.Add(s[(at + sep.Length)..end]);
            end = at;
        }
        parts.Add(s[..end]);
        parts.Reverse();
        return parts;
    }

    public static List<object?> SplitLines(string s)
    {
        var lines = new List<object?>();
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is not ('\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029'))
                continue;
            lines.Add(s[start..i]);
            if (s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n')
                i++;
            start = i + 1;
        }
        if (start < s.Length)
            lines.Add(s[start..]);
        return lines;
    }

    public static string Replace(string s, string old, string replacement, long count)
    {
        if (count < 0)
            return old.Length == 0 ? InsertEverywhere(s, replacement, long.MaxValue) : s.Replace(old, replacement, StringComparison.Ordinal);
        if (old.Length == 0)
            return InsertEverywhere(s, replacement, count);
        var sb = new StringBuilder();
        var start = 0;
        for (var n = 0L; n < count; n++)
        {
            var at = s.IndexOf(old, start, StringComparison.Ordinal);
            if (at < 0)
                break;
            sb.Append(s, start, at - start).Append(replacement);
            start = at + old.Length;
        }
        return sb.Append(s, start, s.Length - start).ToString();
    }

    /// <summary>Python inserts the replacement before every character and at the end when 'old' is empty.</summary>
    private static string InsertEverywhere(string s, string replacement, long count)
    {
        var sb = new StringBuilder();
        var n = 0L;
        for (var i = 0; i <= s.Length; i++)
        {
            if (n++ < count)
                sb.Append(replacement);
            if (i < s.Length)
                sb.Append(s[i]);
        }
        return sb.ToString();
    }

    private static string Separator(object? separator)
    {
        var sep = PyValue.ExpectString(separator, "split separator");
        return sep.Length > 0 ? sep : throw new TemplateRuntimeException("empty separator");
    }

    private static List<object?> SplitWhitespace(string s, long maxSplit)
    {
        var parts = new List<object?>();
        var i = 0;
        while (true)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i]))
                i++;
            if (i >= s.Length)
                break;
            if (maxSplit >= 0 && parts.Count >= maxSplit)
            {
                parts.Add(s[i..]);
                break;
            }
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i]))
                i++;
            parts.Add(s[start..i]);
        }
        return parts;
    }
}

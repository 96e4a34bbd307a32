using System.Globalization;
using System.Text;

namespace SharpInfer.Templating.Runtime;

/// <summary>Python's str() and repr() for template values, which is what <c>{{ value }}</c> prints.</summary>
internal static class PyFormat
{
    public static string Str(object? value) => value switch
    {
        string s => s,
        Undefined => "",
        _ => Repr(value),
    };

    public static void AppendStr(StringBuilder sb, object? value)
    {
        if (value is string s)
            sb.Append(s);
        else if (value is long l)
            sb.Append(l);
        else if (value is not Undefined)
            AppendRepr(sb, value);
    }

    public static string Repr(object? value)
    {
        var sb = new StringBuilder();
        AppendRepr(sb, value);
        return sb.ToString();
    }

    private static void AppendRepr(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("None"); break;
            case Undefined: break;
            case bool b: sb.Append(b ? "True" : "False"); break;
            case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(Float(d)); break;
            case string s: AppendStringRepr(sb, s); break;
            case List<object?> list: AppendItems(sb, list, "[", "]"); break;
            case object?[] tuple:
                AppendItems(sb, tuple, "(", tuple.Length == 1 ? ",)" : ")");
                break;
            case PyDict dict:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in dict)
                {
                    if (!first)
                        sb.Append(", ");
                    first = false;
                    AppendRepr(sb, k);
                    sb.Append(": ");
                    AppendRepr(sb, v);
                }
                sb.Append('}');
                break;
            case NamespaceObject: sb.Append("<Namespace>"); break;
            case Callable c: sb.Append("<function ").Append(c.Name).Append('>'); break;
            case LoopInfo: sb.Append("<LoopContext>"); break;
            default: sb.Append(value); break;
        }
    }

    private static void AppendItems(StringBuilder sb, IEnumerable<object?> items, string open, string close)
    {
        sb.Append(open);
        var first = true;
        foreach (var item in items)
        {
            if (!first)
                sb.Append(", ");
            first = false;
            AppendRepr(sb, item);
        }
        sb.Append(close);
    }

    private static void AppendStringRepr(StringBuilder sb, string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        sb.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case var q when q == quote: sb.Append('\\').Append(q); break;
                case < ' ' or '\x7f': sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append(quote);
    }

    /// <summary>Python's float repr: shortest round-trip digits, fixed notation for exponents in [-4, 16).</summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d))
            return "nan";
        if (double.IsInfinity(d))
            return d > 0 ? "inf" : "-inf";
        if (d == 0)
            return double.IsNegative(d) ? "-0.0" : "0.0";
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = r.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? r : r[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(r.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= lead;
        var sci = point - 1;
        var sb = new StringBuilder();
        if (d < 0)
            sb.Append('-');
        if (sci is >= -4 and < 16)
        {
            if (point <= 0)
                sb.Append("0.").Append('0', -point).Append(digits);
            else if (point >= digits.Length)
                sb.Append(digits).Append('0', point - digits.Length).Append(".0");
            else
                sb.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
        else
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(sci < 0 ? '-' : '+').Append(Math.Abs(sci).ToString("00", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

using System.Globalization;
using System.Text;

namespace SharpInfer.Templating.Runtime;

/// <summary>Python's str.format for plain fields: <c>{}</c>, <c>{0}</c>, <c>{name}</c> and <c>{{ }}</c> escapes.</summary>
internal static class PyStringFormat
{
    public static string Format(string template, CallArguments args)
    {
        var sb = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}' || c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (c == '}')
                throw new TemplateRuntimeException("Single '}' encountered in format string");
            if (c != '{')
            {
                sb.Append(c);
                continue;
            }
            var close = template.IndexOf('}', i);
            if (close < 0)
                throw new TemplateRuntimeException("Single '{' encountered in format string");
            var field = template[(i + 1)..close];
            if (field.IndexOfAny([':', '!', '.', '[']) >= 0)
                throw new TemplateRuntimeException($"format field '{{{field}}}' uses conversions or format specs, which are not supported; use filters instead");
            PyFormat.AppendStr(sb, Lookup(field, args, ref auto));
            i = close;
        }
        return sb.ToString();
    }

    private static object? Lookup(string field, CallArguments args, ref int auto)
    {
        if (field.Length == 0 || int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            var index = field.Length == 0 ? auto++ : int.Parse(field, CultureInfo.InvariantCulture);
            return index < args.Positional.Count
                ? args.Positional[index]
                : throw new TemplateRuntimeException($"Replacement index {index} out of range for positional args tuple");
        }
        foreach (var (name, value) in args.Named)
            if (name == field)
                return value;
        throw new TemplateRuntimeException($"format() has no argument named '{field}'");
    }
}

using System.Globalization;
using System.Text;

namespace SharpInfer.Templating.Lexing;

/// <summary>Decodes the body of a quoted literal with Python's unicode-escape rules, as Jinja does.</summary>
internal static class StringLiteral
{
    /// <summary>Returns the decoded text, or null with <paramref name="error"/> set when an escape is malformed.</summary>
    public static string? Decode(ReadOnlySpan<char> body, out string? error)
    {
        error = null;
        if (body.IndexOf('\\') < 0)
            return body.ToString();
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                sb.Append(c);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case '\n': break;
                case '\\': sb.Append('\\'); break;
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x' or 'u' or 'U':
                    var digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (body.Length - i - 1 < digits
                        || !int.TryParse(body.Slice(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                        || code > 0x10FFFF)
                    {
                        error = $"malformed \\{e} escape in string literal";
                        return null;
                    }
                    if (code is >= 0xD800 and <= 0xDFFF)
                        sb.Append((char)code);
                    else
                        sb.Append(char.ConvertFromUtf32(code));
                    i += digits;
                    break;
                case >= '0' and <= '7':
                    var value = 0;
                    var n = 0;
                    for (; n < 3 && i + n < body.Length && body[i + n] is >= '0' and <= '7'; n++)
                        value = value * 8 + (body[i + n] - '0');
                    sb.Append((char)value);
                    i += n - 1;
                    break;
                case 'N':
                    error = "\\N{...} escapes are not supported in string literals; write the character itself";
                    return null;
                default:
                    // Python keeps unknown escapes verbatim.
                    sb.Append('\\').Append(e);
                    break;
            }
        }
        return sb.ToString();
    }
}

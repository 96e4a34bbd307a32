using System.Globalization;
using System.Text;

namespace SharpInfer.Templating.Runtime;

/// <summary>
/// Python's <c>json.dumps(value, ensure_ascii=False, indent=..., separators=..., sort_keys=...)</c>, which is
/// transformers' <c>tojson</c> filter: key order kept, non-ASCII kept, ", " and ": " separators by default.
/// </summary>
internal sealed class JsonWriter
{
    private readonly StringBuilder _sb = new();
    private readonly string? _indent;
    private readonly string _itemSeparator;
    private readonly string _keySeparator;
    private readonly bool _sortKeys;

    private JsonWriter(string? indent, string? itemSeparator, string? keySeparator, bool sortKeys)
    {
        _indent = indent;
        _itemSeparator = itemSeparator ?? (indent is null ? ", " : ",");
        _keySeparator = keySeparator ?? ": ";
        _sortKeys = sortKeys;
    }

    public static string Serialize(object? value, string? indent = null, string? itemSeparator = null, string? keySeparator = null, bool sortKeys = false)
    {
        var writer = new JsonWriter(indent, itemSeparator, keySeparator, sortKeys);
        writer.Write(value, 0);
        return writer._sb.ToString();
    }

    private void Write(object? value, int depth)
    {
        switch (value)
        {
            case null: _sb.Append("null"); break;
            case bool b: _sb.Append(b ? "true" : "false"); break;
            case long l: _sb.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case double d: _sb.Append(Float(d)); break;
            case string s: WriteString(_sb, s); break;
            case List<object?> list: WriteArray(list, depth); break;
            case object?[] tuple: WriteArray(tuple, depth); break;
            case PyDict dict: WriteObject(dict, depth); break;
            default:
                throw new TemplateRuntimeException($"Object of type {PyValue.TypeName(value)} is not JSON serializable");
        }
    }

    private static string Float(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFormat.Float(d);

    private void WriteArray(IReadOnlyList<object?> items, int depth)
    {
        if (items.Count == 0)
        {
            _sb.Append("[]");
            return;
        }
        _sb.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
                _sb.Append(_itemSeparator);
            NewLine(depth + 1);
            Write(items[i], depth + 1);
        }
        NewLine(depth);
        _sb.Append(']');
    }

    private void WriteObject(PyDict dict, int depth)
    {
        if (dict.Count == 0)
        {
            _sb.Append("{}");
            return;
        }
        IEnumerable<KeyValuePair<string, object?>> entries = dict.Select(e => KeyValuePair.Create(KeyText(e.Key), e.Value));
        if (_sortKeys)
            entries = entries.OrderBy(e => e.Key, StringComparer.Ordinal);
        _sb.Append('{');
        var first = true;
        foreach (var (key, value) in entries)
        {
            if (!first)
                _sb.Append(_itemSeparator);
            first = false;
            NewLine(depth + 1);
            WriteString(_sb, key);
            _sb.Append(_keySeparator);
            Write(value, depth + 1);
        }
        NewLine(depth);
        _sb.Append('}');
    }

    private static string KeyText(object key) => key switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        _ => throw new TemplateRuntimeException($"keys must be str, int, float, bool or None, not {PyValue.TypeName(key)}"),
    };

    private void NewLine(int depth)
    {
        if (_indent is null)
            return;
        _sb.Append('\n');
        for (var i = 0; i < depth; i++)
            _sb.Append(_indent);
    }

    public static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}

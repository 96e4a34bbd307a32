namespace SharpInfer.Templating.Runtime;

/// <summary>
/// Python's view of template values. Values are: null (None), <see cref="Undefined"/>, bool, long, double,
/// string, List&lt;object?&gt; (list), object?[] (tuple), <see cref="PyDict"/>, <see cref="NamespaceObject"/>,
/// <see cref="LoopInfo"/> and <see cref="Callable"/>.
/// </summary>
internal static class PyValue
{
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        Undefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        List<object?> => "list",
        object?[] => "tuple",
        PyDict => "dict",
        NamespaceObject => "Namespace",
        LoopInfo => "LoopContext",
        Callable => "function",
        _ => value.GetType().Name,
    };

    public static bool IsTrue(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        object?[] tuple => tuple.Length > 0,
        PyDict dict => dict.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    /// <summary>Python iteration: sequences yield items, dicts their keys, strings their characters, undefined nothing.</summary>
    public static IEnumerable<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        object?[] tuple => tuple,
        PyDict dict => dict.Keys,
        string s => Characters(s),
        Undefined => [],
        NamespaceObject ns => ns.Attributes.Keys,
        _ => throw new TemplateRuntimeException($"'{TypeName(value)}' object is not iterable"),
    };

    public static List<object?> ToList(object? value) => [.. Iterate(value)];

    public static long Length(object? value) => value switch
    {
        string s => CodePointCount(s),
        List<object?> list => list.Count,
        object?[] tuple => tuple.Length,
        PyDict dict => dict.Count,
        Undefined => 0,
        _ => throw new TemplateRuntimeException($"object of type '{TypeName(value)}' has no len()"),
    };

    public static long ToInteger(object? value, string what) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new TemplateRuntimeException($"{what} must be an integer, not '{TypeName(value)}'"),
    };

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new TemplateRuntimeException($"expected a number, not '{TypeName(value)}'"),
    };

    public static string ExpectString(object? value, string what) =>
        value as string ?? throw new TemplateRuntimeException($"{what} must be a string, not '{TypeName(value)}'");

    /// <summary>Python strings are sequences of code points; surrogate pairs count as one character.</summary>
    private static IEnumerable<object?> Characters(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i, 2);
                i++;
            }
            else
            {
                yield return s[i].ToString();
            }
        }
    }

    private static long CodePointCount(string s)
    {
        long count = 0;
        for (var i = 0; i < s.Length; i++, count++)
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                i++;
        return count;
    }
}

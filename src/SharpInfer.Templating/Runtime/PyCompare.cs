namespace SharpInfer.Templating.Runtime;

/// <summary>Python equality, ordering and membership.</summary>
internal static class PyCompare
{
    public static bool AreEqual(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
            return true;
        switch (a)
        {
            case null:
                return b is null;
            case Undefined:
                return b is Undefined;
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case long or double or bool when PyValue.IsNumber(b):
                return a is long x && b is long y ? x == y : PyValue.ToDouble(a) == PyValue.ToDouble(b);
            case List<object?> list:
                return b is List<object?> other && SequenceEqual(list, other);
            case object?[] tuple:
                return b is object?[] otherTuple && SequenceEqual(tuple, otherTuple);
            case PyDict dict:
                if (b is not PyDict otherDict || dict.Count != otherDict.Count)
                    return false;
                foreach (var (k, v) in dict)
                    if (!otherDict.TryGetValue(k, out var w) || !AreEqual(v, w))
                        return false;
                return true;
            default:
                return false;
        }
    }

    private static bool SequenceEqual(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count)
            return false;
        for (var i = 0; i < a.Count; i++)
            if (!AreEqual(a[i], b[i]))
                return false;
        return true;
    }

    /// <summary>Python's &lt; / &gt; ordering; mixing unrelated types is a TypeError, as in Python.</summary>
    public static int Order(object? a, object? b, string op = "<")
    {
        if (PyValue.IsNumber(a) && PyValue.IsNumber(b))
            return a is long x && b is long y ? x.CompareTo(y) : PyValue.ToDouble(a).CompareTo(PyValue.ToDouble(b));
        if (a is string s && b is string t)
            return Math.Sign(string.CompareOrdinal(s, t));
        if (a is List<object?> && b is List<object?> || a is object?[] && b is object?[])
        {
            var left = (IReadOnlyList<object?>)a;
            var right = (IReadOnlyList<object?>)b;
            for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
                if (!AreEqual(left[i], right[i]))
                    return Order(left[i], right[i], op);
            return left.Count.CompareTo(right.Count);
        }
        throw new TemplateRuntimeException(
            $"'{op}' not supported between instances of '{PyValue.TypeName(a)}' and '{PyValue.TypeName(b)}'");
    }

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is string sub
            ? s.Contains(sub, StringComparison.Ordinal)
            : throw new TemplateRuntimeException($"'in <string>' requires string as left operand, not {PyValue.TypeName(item)}"),
        PyDict dict => item is not null && dict.ContainsKey(item),
        List<object?> or object?[] or Undefined => PyValue.Iterate(container).Any(x => AreEqual(x, item)),
        NamespaceObject ns => item is string key && ns.Attributes.ContainsKey(key),
        _ => throw new TemplateRuntimeException($"argument of type '{PyValue.TypeName(container)}' is not iterable"),
    };
}

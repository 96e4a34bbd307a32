namespace SharpInfer.Templating.Runtime;

/// <summary>Jinja's getattr (<c>x.name</c>: attribute, then item) and getitem (<c>x[key]</c>: item, then attribute).</summary>
internal static class Access
{
    public static object? GetAttribute(object? target, string name) => target switch
    {
        Undefined u => throw u.Fail(),
        PyDict dict => CollectionMethods.TryBindDict(dict, name, out var method) ? method
            : dict.TryGetValue(name, out var value) ? value : Undefined.MissingAttribute(dict, name),
        string s => StringMethods.TryBind(s, name, out var method) ? method : Undefined.MissingAttribute(s, name),
        List<object?> list => CollectionMethods.TryBindList(list, name, out var method) ? method : Undefined.MissingAttribute(list, name),
        NamespaceObject ns => ns.Attributes.TryGetValue(name, out var value) ? value : Undefined.MissingAttribute(ns, name),
        LoopInfo loop => loop.Attribute(name),
        _ => Undefined.MissingAttribute(target, name),
    };

    public static object? GetItem(object? target, object? key)
    {
        if (target is Undefined u)
            throw u.Fail();
        if (key is SliceValue slice)
            return Slice(target, slice);
        switch (target)
        {
            case PyDict dict:
                if (key is not null and not List<object?> and not PyDict && dict.TryGetValue(key, out var value))
                    return value;
                break;
            case List<object?> list when key is long or bool:
                return Index(list, PyValue.ToInteger(key, "index"), target);
            case object?[] tuple when key is long or bool:
                return Index(tuple, PyValue.ToInteger(key, "index"), target);
            case string s when key is long or bool:
                var chars = PyValue.ToList(s);
                return Index(chars, PyValue.ToInteger(key, "index"), target);
        }
        return key is string name ? GetAttribute(target, name) : new Undefined($"{PyValue.TypeName(target)} object has no element {PyFormat.Repr(key)}");
    }

    private static object? Index(IReadOnlyList<object?> items, long index, object? owner)
    {
        var i = index < 0 ? index + items.Count : index;
        return i >= 0 && i < items.Count ? items[(int)i] : new Undefined($"{PyValue.TypeName(owner)} object has no element {index}");
    }

    private static object? Slice(object? target, SliceValue slice)
    {
        IReadOnlyList<object?> items = target switch
        {
            List<object?> list => list,
            object?[] tuple => tuple,
            string s => PyValue.ToList(s),
            _ => throw new TemplateRuntimeException($"'{PyValue.TypeName(target)}' object is not subscriptable"),
        };
        var picked = new List<object?>();
        foreach (var i in slice.Indices(items.Count))
            picked.Add(items[i]);
        return target switch
        {
            string => string.Concat(picked.Cast<string>()),
            object?[] => picked.ToArray(),
            _ => picked,
        };
    }
}

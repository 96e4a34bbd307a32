namespace SharpInfer.Templating.Runtime;

/// <summary>
/// dict and list methods. Like transformers' ImmutableSandboxedEnvironment, methods that mutate a dict or
/// list in place (append, update, ...) are unsafe: reading them gives an undefined that fails when called.
/// </summary>
internal static class CollectionMethods
{
    private static readonly HashSet<string> UnsafeDictMethods = ["clear", "pop", "popitem", "setdefault", "update"];
    private static readonly HashSet<string> UnsafeListMethods = ["append", "extend", "insert", "remove", "reverse", "sort"];

    public static bool TryBindDict(PyDict dict, string name, out object? method)
    {
        method = name switch
        {
            "items" => new Callable("dict.items", a => NoArgs(a, "items", Items(dict))),
            "keys" => new Callable("dict.keys", a => NoArgs(a, "keys", dict.Keys.Cast<object?>().ToList())),
            "values" => new Callable("dict.values", a => NoArgs(a, "values", dict.Values.ToList())),
            "get" => new Callable("dict.get", a => Get(dict, a.Check("get", "key", "default"))),
            "copy" => new Callable("dict.copy", a => NoArgs(a, "copy", Copy(dict))),
            _ when UnsafeDictMethods.Contains(name) => Unsafe(name, "dict"),
            _ => null,
        };
        return method is not null;
    }

    public static bool TryBindList(List<object?> list, string name, out object? method)
    {
        method = name switch
        {
            "count" => new Callable("list.count", a => (long)list.Count(x => PyCompare.AreEqual(x, a.Required(0, "value", "list.count")))),
            "index" => new Callable("list.index", a => Index(list, a.Required(0, "value", "list.index"))),
            "pop" => new Callable("list.pop", a => Pop(list, a.Check("pop", "index"))),
            "copy" => new Callable("list.copy", a => NoArgs(a, "copy", new List<object?>(list))),
            _ when UnsafeListMethods.Contains(name) => Unsafe(name, "list"),
            _ => null,
        };
        return method is not null;
    }

    public static List<object?> Items(PyDict dict) => dict.Select(e => (object?)new object?[] { e.Key, e.Value }).ToList();

    private static PyDict Copy(PyDict dict)
    {
        var copy = new PyDict();
        foreach (var (k, v) in dict)
            copy[k] = v;
        return copy;
    }

    private static object? Get(PyDict dict, CallArguments args)
    {
        var key = args.Required(0, "key", "dict.get");
        return key is not null && dict.TryGetValue(key, out var value) ? value : args.Get(1, "default");
    }

    private static object Index(List<object?> list, object? value)
    {
        var i = list.FindIndex(x => PyCompare.AreEqual(x, value));
        return i >= 0 ? (long)i : throw new TemplateRuntimeException($"{PyFormat.Repr(value)} is not in list");
    }

    private static object? Pop(List<object?> list, CallArguments args)
    {
        if (list.Count == 0)
            throw new TemplateRuntimeException("pop from empty list");
        var index = PyValue.ToInteger(args.Get(0, "index", -1L), "index");
        var i = index < 0 ? index + list.Count : index;
        if (i < 0 || i >= list.Count)
            throw new TemplateRuntimeException("pop index out of range");
        var value = list[(int)i];
        list.RemoveAt((int)i);
        return value;
    }

    private static Undefined Unsafe(string name, string type) =>
        new($"access to attribute '{name}' of '{type}' object is unsafe (transformers renders chat templates in an immutable sandbox)");

    private static object? NoArgs(CallArguments args, string name, object? result) =>
        args.Count == 0 ? result : throw new TemplateRuntimeException($"{name}() takes no arguments ({args.Count} given)");
}

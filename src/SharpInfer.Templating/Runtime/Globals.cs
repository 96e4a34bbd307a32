using SharpInfer.Core;

namespace SharpInfer.Templating.Runtime;

/// <summary>Functions every template sees: Jinja's range/namespace/dict and transformers' raise_exception/strftime_now.</summary>
internal static class Globals
{
    public static void AddTo(Scope scope, Func<DateTime> clock)
    {
        scope.Set("range", new Callable("range", Range));
        scope.Set("namespace", new Callable("namespace", Namespace));
        scope.Set("dict", new Callable("dict", Dict));
        scope.Set("raise_exception", new Callable("raise_exception", RaiseException));
        scope.Set("strftime_now", new Callable("strftime_now",
            a => PyStrftime.Format(clock(), PyValue.ExpectString(a.Check("strftime_now", "format").Required(0, "format", "strftime_now"), "strftime_now format"))));
    }

    private static object? RaiseException(CallArguments args) =>
        throw new UserErrorException("chat template raised: " + PyFormat.Str(args.Get(0, "message", "")));

    private static object? Range(CallArguments args)
    {
        if (args.Named.Count > 0 || args.Positional.Count is 0 or > 3)
            throw new TemplateRuntimeException("range() takes 1 to 3 positional integer arguments");
        var values = args.Positional.Select(v => PyValue.ToInteger(v, "range() argument")).ToArray();
        var (start, stop, step) = values.Length switch
        {
            1 => (0L, values[0], 1L),
            2 => (values[0], values[1], 1L),
            _ => (values[0], values[1], values[2]),
        };
        if (step == 0)
            throw new TemplateRuntimeException("range() arg 3 must not be zero");
        var result = new List<object?>();
        for (var i = start; step > 0 ? i < stop : i > stop; i += step)
        {
            if (result.Count >= 1_000_000)
                throw new TemplateRuntimeException("range() is too large for a chat template");
            result.Add(i);
        }
        return result;
    }

    private static object? Namespace(CallArguments args)
    {
        var ns = new NamespaceObject();
        foreach (var positional in args.Positional)
        {
            if (positional is not PyDict dict)
                throw new TemplateRuntimeException("namespace() takes keyword arguments or a dict");
            foreach (var (k, v) in dict)
                ns.Attributes[PyFormat.Str(k)] = v;
        }
        foreach (var (name, value) in args.Named)
            ns.Attributes[name] = value;
        return ns;
    }

    private static object? Dict(CallArguments args)
    {
        var dict = new PyDict();
        foreach (var positional in args.Positional)
            foreach (var item in PyValue.Iterate(positional is PyDict d ? CollectionMethods.Items(d) : positional))
            {
                var pair = PyValue.ToList(item);
                if (pair.Count != 2)
                    throw new TemplateRuntimeException("dict() needs pairs of key and value");
                dict[PyDict.Key(pair[0])] = pair[1];
            }
        foreach (var (name, value) in args.Named)
            dict[name] = value;
        return dict;
    }
}

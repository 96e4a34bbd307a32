namespace SharpInfer.Templating.Runtime;

/// <summary>Jinja's filters over sequences and mappings.</summary>
internal static class SequenceFilters
{
    public static void Register(Dictionary<string, FilterFunction> filters)
    {
        filters["length"] = filters["count"] = (v, _) => PyValue.Length(v);
        filters["list"] = (v, _) => PyValue.ToList(v);
        filters["first"] = (v, _) => First(v);
        filters["last"] = (v, _) => PyValue.ToList(v) is { Count: > 0 } items ? items[^1] : new Undefined("No last item, sequence was empty.");
        filters["reverse"] = (v, _) => v is string s ? string.Concat(PyValue.Iterate(s).Reverse().Cast<string>()) : PyValue.Iterate(v).Reverse().ToList();
        filters["items"] = (v, _) => v switch
        {
            PyDict dict => CollectionMethods.Items(dict),
            Undefined => new List<object?>(),
            _ => throw new TemplateRuntimeException($"items filter needs a mapping, got '{PyValue.TypeName(v)}'"),
        };
        filters["join"] = (v, a) => Join(v, a.Check("join", "d", "attribute"));
        filters["select"] = (v, a) => Select(v, a, null, expect: true);
        filters["reject"] = (v, a) => Select(v, a, null, expect: false);
        filters["selectattr"] = (v, a) => Select(v, a, AttributeArgument(a, "selectattr"), expect: true);
        filters["rejectattr"] = (v, a) => Select(v, a, AttributeArgument(a, "rejectattr"), expect: false);
        filters["map"] = Map;
        filters["unique"] = (v, a) => Unique(v, a.Check("unique", "case_sensitive", "attribute"));
        filters["sort"] = (v, a) => Sort(v, a.Check("sort", "reverse", "case_sensitive", "attribute"));
        filters["dictsort"] = (v, a) => DictSort(v, a.Check("dictsort", "case_sensitive", "by", "reverse"));
        filters["batch"] = (v, a) => Batch(v, a.Check("batch", "linecount", "fill_with"));
        filters["sum"] = (v, a) => Sum(v, a.Check("sum", "attribute", "start"));
        filters["min"] = (v, a) => Extreme(v, a.Check("min", "case_sensitive", "attribute"), -1);
        filters["max"] = (v, a) => Extreme(v, a.Check("max", "case_sensitive", "attribute"), 1);
    }

    /// <summary>Jinja's attribute getter: a dotted path whose parts are item lookups (digits become indexes).</summary>
    public static Func<object?, object?> AttributeGetter(object? attribute)
    {
        if (attribute is long index)
            return item => Access.GetItem(item, index);
        var parts = PyValue.ExpectString(attribute, "attribute").Split('.')
            .Select(p => long.TryParse(p, out var n) ? (object)n : p).ToArray();
        return item =>
        {
            foreach (var part in parts)
                item = Access.GetItem(item, part);
            return item;
        };
    }

    private static object? First(object? value)
    {
        foreach (var item in PyValue.Iterate(value))
            return item;
        return new Undefined("No first item, sequence was empty.");
    }

    private static string Join(object? value, CallArguments args)
    {
        var separator = PyFormat.Str(args.Get(0, "d", ""));
        var items = PyValue.Iterate(value);
        if (args.Get(1, "attribute") is { } attribute)
            items = items.Select(AttributeGetter(attribute));
        return string.Join(separator, items.Select(PyFormat.Str));
    }

    private static object AttributeArgument(CallArguments args, string filter) => args.Required(0, "attribute", filter)!;

    private static List<object?> Select(object? value, CallArguments args, object? attribute, bool expect)
    {
        var offset = attribute is null ? 0 : 1;
        var getter = attribute is null ? (Func<object?, object?>)(x => x) : AttributeGetter(attribute);
        Func<object?, bool> test = PyValue.IsTrue;
        if (args.Positional.Count > offset)
        {
            var name = PyValue.ExpectString(args.Positional[offset], "test name");
            var testArgs = new CallArguments(args.Positional.Skip(offset + 1).ToList(), []);
            test = x => TemplateTests.Run(name, x, testArgs);
        }
        return PyValue.Iterate(value).Where(x => test(getter(x)) == expect).ToList();
    }

    private static object? Map(object? value, CallArguments args)
    {
        if (args.Positional.Count == 0 && args.TryGet(-1, "attribute", out var attribute))
        {
            var getter = AttributeGetter(attribute);
            var hasDefault = args.TryGet(-1, "default", out var fallback);
            return PyValue.Iterate(value).Select(x => getter(x) is Undefined && hasDefault ? fallback : getter(x)).ToList();
        }
        if (args.Positional.Count == 0)
            throw new TemplateRuntimeException("map needs a filter name or attribute=");
        var filter = PyValue.ExpectString(args.Positional[0], "map filter name");
        var filterArgs = new CallArguments(args.Positional.Skip(1).ToList(), args.Named);
        return PyValue.Iterate(value).Select(x => Filters.Apply(filter, x, filterArgs)).ToList();
    }

    private static Func<object?, object?> SortKey(CallArguments args, int caseSensitiveAt, int attributeAt)
    {
        var caseSensitive = PyValue.IsTrue(args.Get(caseSensitiveAt, "case_sensitive", false));
        var getter = args.Get(attributeAt, "attribute") is { } attribute ? AttributeGetter(attribute) : x => x;
        return caseSensitive ? getter : x => getter(x) is string s ? s.ToLowerInvariant() : getter(x);
    }

    private static List<object?> Unique(object? value, CallArguments args)
    {
        var key = SortKey(args, 0, 1);
        var seen = new List<object?>();
        var result = new List<object?>();
        foreach (var item in PyValue.Iterate(value))
        {
            var k = key(item);
            if (seen.Any(s => PyCompare.AreEqual(s, k)))
                continue;
            seen.Add(k);
            result.Add(item);
        }
        return result;
    }

    private static List<object?> Sort(object? value, CallArguments args)
    {
        var key = SortKey(args, 1, 2);
        var reverse = PyValue.IsTrue(args.Get(0, "reverse", false));
        var comparer = Comparer<object?>.Create((x, y) => PyCompare.Order(x, y));
        var items = PyValue.Iterate(value);
        return (reverse ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer)).ToList();
    }

    private static List<object?> DictSort(object? value, CallArguments args)
    {
        if (value is not PyDict dict)
            throw new TemplateRuntimeException($"dictsort needs a mapping, got '{PyValue.TypeName(value)}'");
        var caseSensitive = PyValue.IsTrue(args.Get(0, "case_sensitive", false));
        var by = PyFormat.Str(args.Get(1, "by", "key"));
        var position = by switch
        {
            "key" => 0,
            "value" => 1,
            _ => throw new TemplateRuntimeException("dictsort 'by' must be 'key' or 'value'"),
        };
        var reverse = PyValue.IsTrue(args.Get(2, "reverse", false));
        Func<object?, object?> key = x => ((object?[])x!)[position] is var k && !caseSensitive && k is string s ? s.ToLowerInvariant() : k;
        var comparer = Comparer<object?>.Create((x, y) => PyCompare.Order(x, y));
        var items = CollectionMethods.Items(dict);
        return (reverse ? items.OrderByDescending(key, comparer) : items.OrderBy(key, comparer)).ToList();
    }

    private static List<object?> Batch(object? value, CallArguments args)
    {
        var size = PyValue.ToInteger(args.Required(0, "linecount", "batch"), "batch size");
        if (size <= 0)
            throw new TemplateRuntimeException("batch size must be positive");
        var hasFill = args.TryGet(1, "fill_with", out var fill) && fill is not null;
        var batches = PyValue.Iterate(value).Chunk((int)size).Select(c => (object?)c.ToList()).ToList();
        if (hasFill && batches.Count > 0 && batches[^1] is List<object?> last)
            while (last.Count < size)
                last.Add(fill);
        return batches;
    }

    private static object? Sum(object? value, CallArguments args)
    {
        var items = PyValue.Iterate(value);
        if (args.Get(0, "attribute") is { } attribute)
            items = items.Select(AttributeGetter(attribute));
        return items.Aggregate(args.Get(1, "start", 0L), (total, x) => PyOperators.Binary("+", total, x));
    }

    private static object? Extreme(object? value, CallArguments args, int sign)
    {
        var key = SortKey(args, 0, 1);
        var items = PyValue.ToList(value);
        if (items.Count == 0)
            return new Undefined("No aggregated item, sequence was empty.");
        var best = items[0];
        foreach (var item in items.Skip(1))
            if (PyCompare.Order(key(item), key(best)) * sign > 0)
                best = item;
        return best;
    }
}

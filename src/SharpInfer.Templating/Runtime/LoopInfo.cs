namespace SharpInfer.Templating.Runtime;

/// <summary>The <c>loop</c> variable inside a for loop.</summary>
internal sealed class LoopInfo(IReadOnlyList<object?> items)
{
    private object? _lastChanged = Undefined.Named("loop.changed");

    public int Index0 { get; set; }

    public object? Attribute(string name) => name switch
    {
        "index" => (long)Index0 + 1,
        "index0" => (long)Index0,
        "revindex" => (long)(items.Count - Index0),
        "revindex0" => (long)(items.Count - Index0 - 1),
        "first" => Index0 == 0,
        "last" => Index0 == items.Count - 1,
        "length" => (long)items.Count,
        "depth" => 1L,
        "depth0" => 0L,
        "previtem" => Index0 > 0 ? items[Index0 - 1] : Undefined.Named("loop.previtem"),
        "nextitem" => Index0 + 1 < items.Count ? items[Index0 + 1] : Undefined.Named("loop.nextitem"),
        "cycle" => new Callable("loop.cycle", Cycle),
        "changed" => new Callable("loop.changed", Changed),
        _ => Undefined.MissingAttribute(this, name),
    };

    private object? Cycle(CallArguments args)
    {
        if (args.Positional.Count == 0)
            throw new TemplateRuntimeException("loop.cycle() needs at least one value");
        return args.Positional[Index0 % args.Positional.Count];
    }

    private object? Changed(CallArguments args)
    {
        object? value = args.Positional.ToArray();
        if (PyCompare.AreEqual(value, _lastChanged))
            return false;
        _lastChanged = value;
        return true;
    }
}

namespace SharpInfer.Templating.Runtime;

/// <summary>A variable frame; lookups fall back to the enclosing frame, assignments stay local.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Scope? _parent = parent;
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public Scope Child() => new(this);

    public void Set(string name, object? value) => _variables[name] = value;

    public object? Lookup(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
            if (scope._variables.TryGetValue(name, out var value))
                return value;
        return Undefined.Named(name);
    }
}

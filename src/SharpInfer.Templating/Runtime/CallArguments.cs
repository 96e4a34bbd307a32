namespace SharpInfer.Templating.Runtime;

/// <summary>Evaluated call arguments with Python-style lookup by position or keyword.</summary>
internal sealed class CallArguments(List<object?> positional, List<KeyValuePair<string, object?>> named)
{
    public List<object?> Positional { get; } = positional;

    public List<KeyValuePair<string, object?>> Named { get; } = named;

    public int Count => Positional.Count + Named.Count;

    /// <summary>The argument at <paramref name="position"/> or named <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public object? Get(int position, string name, object? fallback = null) =>
        TryGet(position, name, out var value) ? value : fallback;

    public bool TryGet(int position, string name, out object? value)
    {
        if (position >= 0 && position < Positional.Count)
        {
            value = Positional[position];
            return true;
        }
        foreach (var pair in Named)
        {
            if (pair.Key == name)
            {
                value = pair.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public object? Required(int position, string name, string function) =>
        TryGet(position, name, out var value)
            ? value
            : throw new TemplateRuntimeException($"{function}() missing required argument '{name}'");

    /// <summary>Rejects arguments beyond those a function declares, as Python would.</summary>
    public CallArguments Check(string function, params string[] parameters)
    {
        if (Positional.Count > parameters.Length)
            throw new TemplateRuntimeException($"{function}() takes at most {parameters.Length} arguments ({Positional.Count} given)");
        foreach (var pair in Named)
            if (Array.IndexOf(parameters, pair.Key) < 0)
                throw new TemplateRuntimeException($"{function}() got an unexpected keyword argument '{pair.Key}'");
        return this;
    }
}

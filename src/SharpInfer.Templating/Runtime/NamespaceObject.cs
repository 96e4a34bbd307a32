namespace SharpInfer.Templating.Runtime;

/// <summary>The object made by <c>namespace()</c>: attributes that can be assigned from inside loops.</summary>
internal sealed class NamespaceObject
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}

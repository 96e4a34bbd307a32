namespace SharpInfer.Templating.Ast;

/// <summary>Where <c>set</c> or <c>for</c> stores values: a name, a tuple of names, or <c>namespace.attribute</c>.</summary>
internal sealed record AssignTarget(IReadOnlyList<string> Names, bool IsTuple, string? Attribute);

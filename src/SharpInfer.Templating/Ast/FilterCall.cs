namespace SharpInfer.Templating.Ast;

/// <summary>A filter applied to a rendered block body (<c>filter</c> blocks and <c>set</c> blocks).</summary>
internal sealed record FilterCall(int Line, string Name, Arguments Arguments);

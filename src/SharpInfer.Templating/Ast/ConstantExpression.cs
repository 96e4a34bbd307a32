namespace SharpInfer.Templating.Ast;

/// <summary>A literal value (string, number, boolean, none).</summary>
internal sealed record ConstantExpression(int Line, object? Value) : Expression(Line);

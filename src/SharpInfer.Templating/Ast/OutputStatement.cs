namespace SharpInfer.Templating.Ast;

/// <summary><c>{{ expression }}</c>.</summary>
internal sealed record OutputStatement(int Line, Expression Value) : Statement(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>{% set target = value %}</c>.</summary>
internal sealed record SetStatement(int Line, AssignTarget Target, Expression Value) : Statement(Line);

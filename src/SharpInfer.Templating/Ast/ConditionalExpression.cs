namespace SharpInfer.Templating.Ast;

/// <summary><c>then if test else otherwise</c>; a missing else yields undefined.</summary>
internal sealed record ConditionalExpression(int Line, Expression Test, Expression Then, Expression? Otherwise) : Expression(Line);

namespace SharpInfer.Templating.Ast;

/// <summary>Arithmetic, <c>~</c>, <c>and</c> and <c>or</c>.</summary>
internal sealed record BinaryExpression(int Line, string Operator, Expression Left, Expression Right) : Expression(Line);

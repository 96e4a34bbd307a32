namespace SharpInfer.Templating.Ast;

/// <summary>Unary <c>-</c>, <c>+</c> or <c>not</c>.</summary>
internal sealed record UnaryExpression(int Line, string Operator, Expression Operand) : Expression(Line);

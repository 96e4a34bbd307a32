namespace SharpInfer.Templating.Ast;

/// <summary>A (possibly chained) comparison: <c>a &lt; b &lt;= c</c>; operators include <c>in</c> and <c>not in</c>.</summary>
internal sealed record CompareExpression(int Line, Expression First, IReadOnlyList<(string Operator, Expression Operand)> Rest) : Expression(Line);

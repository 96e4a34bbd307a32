namespace SharpInfer.Templating.Ast;

/// <summary><c>(a, b)</c> or a bare <c>a, b</c>.</summary>
internal sealed record TupleExpression(int Line, IReadOnlyList<Expression> Items) : Expression(Line);

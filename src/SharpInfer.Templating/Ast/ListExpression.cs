namespace SharpInfer.Templating.Ast;

/// <summary><c>[a, b]</c>.</summary>
internal sealed record ListExpression(int Line, IReadOnlyList<Expression> Items) : Expression(Line);

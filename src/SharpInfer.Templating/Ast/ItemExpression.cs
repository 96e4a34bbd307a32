namespace SharpInfer.Templating.Ast;

/// <summary><c>target[key]</c>: item first, then attribute, as Jinja's getitem.</summary>
internal sealed record ItemExpression(int Line, Expression Target, Expression Key) : Expression(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>target.name</c>: attribute first, then item, as Jinja's getattr.</summary>
internal sealed record AttributeExpression(int Line, Expression Target, string Name) : Expression(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>start:stop:step</c> inside a subscript; missing parts are null.</summary>
internal sealed record SliceExpression(int Line, Expression? Start, Expression? Stop, Expression? Step) : Expression(Line);

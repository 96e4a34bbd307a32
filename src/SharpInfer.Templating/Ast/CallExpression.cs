namespace SharpInfer.Templating.Ast;

/// <summary><c>callee(args)</c>.</summary>
internal sealed record CallExpression(int Line, Expression Callee, Arguments Arguments) : Expression(Line);

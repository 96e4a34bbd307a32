namespace SharpInfer.Templating.Ast;

/// <summary><c>value | name(args)</c>.</summary>
internal sealed record FilterExpression(int Line, Expression Value, string Name, Arguments Arguments) : Expression(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>value is [not] name(args)</c>.</summary>
internal sealed record TestExpression(int Line, Expression Value, string Name, Arguments Arguments, bool Negated) : Expression(Line);

namespace SharpInfer.Templating.Ast;

/// <summary>A variable reference.</summary>
internal sealed record NameExpression(int Line, string Name) : Expression(Line);

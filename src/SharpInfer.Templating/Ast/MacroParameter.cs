namespace SharpInfer.Templating.Ast;

/// <summary>A macro parameter with its optional default.</summary>
internal sealed record MacroParameter(string Name, Expression? Default);

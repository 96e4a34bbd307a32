namespace SharpInfer.Templating.Ast;

/// <summary>Literal template text.</summary>
internal sealed record TextStatement(int Line, string Text) : Statement(Line);

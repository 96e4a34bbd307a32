namespace SharpInfer.Templating.Ast;

/// <summary><c>{% break %}</c> (<see cref="IsBreak"/>) or <c>{% continue %}</c>.</summary>
internal sealed record LoopControlStatement(int Line, bool IsBreak) : Statement(Line);

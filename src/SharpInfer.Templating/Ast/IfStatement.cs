namespace SharpInfer.Templating.Ast;

/// <summary><c>if</c> / <c>elif</c> branches and an optional <c>else</c> body.</summary>
internal sealed record IfStatement(int Line, IReadOnlyList<(Expression Test, IReadOnlyList<Statement> Body)> Branches, IReadOnlyList<Statement> Otherwise) : Statement(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>for target in iterable [if filter]</c> with an <c>else</c> body for empty loops.</summary>
internal sealed record ForStatement(int Line, AssignTarget Target, Expression Iterable, Expression? Filter, IReadOnlyList<Statement> Body, IReadOnlyList<Statement> Otherwise) : Statement(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>{% with a = 1 %}body{% endwith %}</c>: assignments visible only in the body.</summary>
internal sealed record WithStatement(int Line, IReadOnlyList<(string Name, Expression Value)> Assignments, IReadOnlyList<Statement> Body) : Statement(Line);

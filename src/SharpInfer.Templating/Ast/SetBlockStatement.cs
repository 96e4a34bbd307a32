namespace SharpInfer.Templating.Ast;

/// <summary><c>{% set target | filters %}body{% endset %}</c>.</summary>
internal sealed record SetBlockStatement(int Line, AssignTarget Target, IReadOnlyList<FilterCall> Filters, IReadOnlyList<Statement> Body) : Statement(Line);

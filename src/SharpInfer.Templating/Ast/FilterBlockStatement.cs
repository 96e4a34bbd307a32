namespace SharpInfer.Templating.Ast;

/// <summary><c>{% filter name | other %}body{% endfilter %}</c>; filters apply to the rendered body in order.</summary>
internal sealed record FilterBlockStatement(int Line, IReadOnlyList<FilterCall> Filters, IReadOnlyList<Statement> Body) : Statement(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>{% macro name(params) %}body{% endmacro %}</c>.</summary>
internal sealed record MacroStatement(int Line, string Name, IReadOnlyList<MacroParameter> Parameters, IReadOnlyList<Statement> Body) : Statement(Line);

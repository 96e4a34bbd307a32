namespace SharpInfer.Templating.Ast;

/// <summary><c>{% call(params) macro(args) %}body{% endcall %}</c>; the body is the macro's <c>caller()</c>.</summary>
internal sealed record CallBlockStatement(int Line, CallExpression Call, IReadOnlyList<MacroParameter> CallerParameters, IReadOnlyList<Statement> Body) : Statement(Line);

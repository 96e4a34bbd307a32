namespace SharpInfer.Templating.Ast;

/// <summary>transformers' <c>{% generation %}</c> marker: renders its body unchanged.</summary>
internal sealed record GenerationStatement(int Line, IReadOnlyList<Statement> Body) : Statement(Line);

namespace SharpInfer.Templating.Ast;

/// <summary><c>{k: v}</c>.</summary>
internal sealed record DictExpression(int Line, IReadOnlyList<(Expression Key, Expression Value)> Entries) : Expression(Line);

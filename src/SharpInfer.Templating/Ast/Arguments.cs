namespace SharpInfer.Templating.Ast;

/// <summary>Call arguments as written: positional then keyword.</summary>
internal sealed record Arguments(IReadOnlyList<Expression> Positional, IReadOnlyList<(string Name, Expression Value)> Named)
{
    public static Arguments None { get; } = new([], []);
}

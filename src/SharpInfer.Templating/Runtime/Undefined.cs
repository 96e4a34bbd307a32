namespace SharpInfer.Templating.Runtime;

/// <summary>
/// Jinja's default Undefined: falsy, renders as "", iterates as empty, but most other uses fail with
/// <see cref="Hint"/> as the message.
/// </summary>
internal sealed class Undefined(string hint)
{
    public string Hint { get; } = hint;

    public static Undefined Named(string name) => new($"'{name}' is undefined");

    public static Undefined MissingAttribute(object? owner, string attribute) =>
        new($"'{PyValue.TypeName(owner)} object' has no attribute '{attribute}'");

    public TemplateRuntimeException Fail() => new(Hint);
}

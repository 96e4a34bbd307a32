namespace SharpInfer.Templating.Runtime;

/// <summary>Anything a template can call: macros, global functions, bound methods, <c>loop.cycle</c>.</summary>
internal sealed class Callable(string name, Func<CallArguments, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(CallArguments arguments) => invoke(arguments);
}

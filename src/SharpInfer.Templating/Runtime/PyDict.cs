namespace SharpInfer.Templating.Runtime;

/// <summary>A Python dict: insertion-ordered, keys compared with Python equality (1 == 1.0 == True).</summary>
internal sealed class PyDict : OrderedDictionary<object, object?>
{
    public PyDict() : base(PyKeyComparer.Instance)
    {
    }

    public static object Key(object? key) =>
        key ?? throw new TemplateRuntimeException("None cannot be used as a dictionary key here");
}

namespace SharpInfer.Templating.Runtime;

/// <summary>The filters templates can use, by name.</summary>
internal static class Filters
{
    private static readonly Dictionary<string, FilterFunction> Registry = Build();

    public static object? Apply(string name, object? value, CallArguments args) =>
        Registry.TryGetValue(name, out var filter)
            ? filter(value, args)
            : throw new TemplateRuntimeException($"no filter named '{name}'");

    private static Dictionary<string, FilterFunction> Build()
    {
        var filters = new Dictionary<string, FilterFunction>(StringComparer.Ordinal);
        StringFilters.Register(filters);
        SequenceFilters.Register(filters);
        ValueFilters.Register(filters);
        return filters;
    }
}

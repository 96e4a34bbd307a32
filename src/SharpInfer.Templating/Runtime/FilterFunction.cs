namespace SharpInfer.Templating.Runtime;

/// <summary>A Jinja filter: <c>value | name(args)</c>.</summary>
internal delegate object? FilterFunction(object? value, CallArguments args);

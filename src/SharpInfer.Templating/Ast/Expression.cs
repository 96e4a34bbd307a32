namespace SharpInfer.Templating.Ast;

/// <summary>Base of expression nodes; <see cref="Line"/> is where it starts, for error messages.</summary>
internal abstract record Expression(int Line);

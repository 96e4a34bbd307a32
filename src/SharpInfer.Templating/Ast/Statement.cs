namespace SharpInfer.Templating.Ast;

/// <summary>Base of statement nodes; <see cref="Line"/> is where it starts, for error messages.</summary>
internal abstract record Statement(int Line);

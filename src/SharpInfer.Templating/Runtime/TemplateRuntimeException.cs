namespace SharpInfer.Templating.Runtime;

/// <summary>
/// An error while rendering (a Python TypeError, an undefined value used wrongly, ...); the renderer turns it
/// into a UserErrorException that names the template line.
/// </summary>
internal sealed class TemplateRuntimeException(string message) : Exception(message);

namespace SharpInfer.Templating.Runtime;

/// <summary>How a rendered body ended: normally, or by <c>break</c> / <c>continue</c> for the enclosing loop.</summary>
internal enum LoopFlow
{
    Normal,
    Break,
    Continue,
}

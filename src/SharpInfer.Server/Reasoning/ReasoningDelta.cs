namespace SharpInfer.Server.Reasoning;

/// <summary>
/// What one piece of model output adds to a chat message once reasoning is split off: text for
/// <c>reasoning_content</c> and text for <c>content</c>. Either may be empty, e.g. while a possible tag is held back.
/// </summary>
internal readonly record struct ReasoningDelta(string Reasoning, string Content)
{
    public bool IsEmpty => Reasoning.Length == 0 && Content.Length == 0;

    /// <summary>This delta followed by the next (used to fold the flush at the end of a choice into its last chunk).</summary>
    public ReasoningDelta Then(ReasoningDelta next) => new(Reasoning + next.Reasoning, Content + next.Content);
}

namespace SharpInfer.Engine.Scheduling;

/// <summary>A sequence's share of one step: <see cref="NumNewTokens"/> tokens from position <see cref="Start"/>.</summary>
internal readonly record struct ScheduledSequence(Sequence Sequence, int Start, int NumNewTokens)
{
    /// <summary>Whether this step reaches the sequence's last token, so its logits pick the next token.</summary>
    public bool SamplesToken => Start + NumNewTokens == Sequence.NumTokens;
}

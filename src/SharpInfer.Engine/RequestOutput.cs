namespace SharpInfer.Engine;

/// <summary>
/// What one engine step produced for one completion of a request: the new token(s) and their
/// log-probabilities, the prompt's log-probabilities with the first token, and the finish reason when done.
/// </summary>
public sealed record RequestOutput(
    string RequestId,
    int Index,
    IReadOnlyList<int> NewTokenIds,
    IReadOnlyList<TokenLogprob>? NewLogprobs,
    IReadOnlyList<float?>? PromptLogprobs,
    FinishReason? FinishReason,
    int NumPromptTokens,
    int NumCachedTokens,
    RequestTimes Times)
{
    public bool Finished => FinishReason is not null;
}

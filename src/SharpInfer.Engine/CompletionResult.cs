namespace SharpInfer.Engine;

/// <summary>Everything one completion produced, assembled from its <see cref="RequestOutput"/> deltas.</summary>
public sealed class CompletionResult(string requestId, int index)
{
    private readonly List<int> _tokenIds = [];
    private readonly List<TokenLogprob> _logprobs = [];

    public string RequestId { get; } = requestId;
    public int Index { get; } = index;
    public IReadOnlyList<int> TokenIds => _tokenIds;
    public IReadOnlyList<TokenLogprob> Logprobs => _logprobs;
    public IReadOnlyList<float?>? PromptLogprobs { get; private set; }
    public FinishReason? FinishReason { get; private set; }
    public int NumPromptTokens { get; private set; }
    public int NumCachedTokens { get; private set; }
    public RequestTimes? Times { get; private set; }

    public void Add(RequestOutput output)
    {
        _tokenIds.AddRange(output.NewTokenIds);
        if (output.NewLogprobs is not null)
            _logprobs.AddRange(output.NewLogprobs);
        PromptLogprobs ??= output.PromptLogprobs;
        FinishReason ??= output.FinishReason;
        NumPromptTokens = output.NumPromptTokens;
        NumCachedTokens = output.NumCachedTokens;
        Times = output.Times;
    }
}

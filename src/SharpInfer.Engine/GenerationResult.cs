namespace SharpInfer.Engine;

/// <summary>What <see cref="SequenceGenerator"/> produced for one prompt.</summary>
public sealed record GenerationResult(
    IReadOnlyList<int> TokenIds,
    IReadOnlyList<TokenLogprob> Logprobs,
    IReadOnlyList<float?>? PromptLogprobs);

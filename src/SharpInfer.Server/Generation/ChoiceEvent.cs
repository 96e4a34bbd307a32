using SharpInfer.Engine;

namespace SharpInfer.Server.Generation;

/// <summary>New output of one choice: text (stop strings removed), the tokens behind it, and how it ended.</summary>
internal sealed record ChoiceEvent(
    int Index,
    string Text,
    IReadOnlyList<int> TokenIds,
    IReadOnlyList<TokenLogprob> Logprobs,
    IReadOnlyList<float?>? PromptLogprobs,
    string? FinishReason,
    int PromptTokens);

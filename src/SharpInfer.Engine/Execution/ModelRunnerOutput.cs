namespace SharpInfer.Engine.Execution;

/// <summary>Per scheduled sequence, in schedule order: the sampled token (or -1 mid-prefill) and log-probabilities.</summary>
internal sealed record ModelRunnerOutput(IReadOnlyList<SequenceStepResult> Results);

/// <param name="SampledToken">The next token, or -1 when this step did not reach the sequence's last token.</param>
/// <param name="Logprob">The sampled token's log-probability and top alternatives, when requested.</param>
/// <param name="PromptLogprobs">log p(prompt[j+1] | ...) for the prompt positions j this step computed, when requested.</param>
internal sealed record SequenceStepResult(int SampledToken, TokenLogprob? Logprob, IReadOnlyList<float>? PromptLogprobs);

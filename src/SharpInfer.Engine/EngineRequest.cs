namespace SharpInfer.Engine;

/// <summary>What the engine core receives: token ids only (front ends tokenize), sampling parameters, priority.</summary>
/// <param name="Priority">Used by the <c>priority</c> policy: lower values are scheduled first.</param>
public sealed record EngineRequest(string RequestId, IReadOnlyList<int> PromptTokenIds, SamplingParams Sampling, int Priority = 0);

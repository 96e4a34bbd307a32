namespace SharpInfer.Engine;

/// <summary>The chosen token, its log-probability and the best alternatives (best first).</summary>
public sealed record TokenLogprob(int TokenId, float Logprob, IReadOnlyList<(int TokenId, float Logprob)> Top);

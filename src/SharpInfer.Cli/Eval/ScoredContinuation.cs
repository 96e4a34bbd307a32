namespace SharpInfer.Cli.Eval;

/// <summary>A continuation's log-likelihood, the number of its tokens summed, and the context tokens before them.</summary>
internal sealed record ScoredContinuation(double Loglikelihood, int ContinuationTokens, int ContextTokens);

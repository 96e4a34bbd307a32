namespace SharpInfer.Models.Evaluation;

/// <summary>Summed negative log-likelihood (natural log) over <see cref="Tokens"/> scored tokens.</summary>
public sealed record PerplexityResult(double NegativeLogLikelihood, int Tokens)
{
    public double Value => Math.Exp(NegativeLogLikelihood / Tokens);
}

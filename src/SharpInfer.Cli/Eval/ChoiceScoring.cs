namespace SharpInfer.Cli.Eval;

/// <summary>lm_eval's multiple-choice picks: acc takes the highest log-likelihood, acc_norm divides it by the choice's length in characters.</summary>
internal static class ChoiceScoring
{
    /// <summary>The index of the largest value; the first on ties (numpy's argmax).</summary>
    public static int Argmax(IReadOnlyList<double> values)
    {
        var best = 0;
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] > values[best])
                best = i;
        }
        return best;
    }

    public static int ArgmaxNormalized(IReadOnlyList<double> loglikelihoods, IReadOnlyList<string> choices) =>
        Argmax(loglikelihoods.Select((l, i) => l / choices[i].Length).ToList());
}

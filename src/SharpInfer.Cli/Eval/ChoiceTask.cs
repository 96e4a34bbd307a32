namespace SharpInfer.Cli.Eval;

/// <summary>A multiple-choice task scored by log-likelihood: acc, and acc_norm where lm_eval reports it.</summary>
internal sealed record ChoiceTask(string Name, string Group, int NumFewshot, IReadOnlyList<ChoiceDoc> Docs, bool ReportsAccNorm)
    : EvalTask(Name, Group, NumFewshot)
{
    public override int Count => Docs.Count;
}

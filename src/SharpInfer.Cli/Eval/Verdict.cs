namespace SharpInfer.Cli.Eval;

/// <summary>One metric's judgement of one sample; <see cref="Key"/> is lm_eval's "metric,filter".</summary>
internal sealed record Verdict(string Metric, string Filter, bool Correct)
{
    public string Key => Metric + "," + Filter;
}

namespace SharpInfer.Cli.Eval;

/// <summary>One lm_eval filter + metric pair: extracts the answer from a response and judges it against the gold text.</summary>
internal sealed record AnswerFilter(string Metric, string Filter, Func<string, string> Extract, Func<string, string, bool> Matches)
{
    public static AnswerFilter StrictMatch { get; } = new("exact_match", "strict-match", NumberAnswers.StrictMatch, NumberAnswers.ExactMatch);

    public static AnswerFilter FlexibleExtract { get; } = new("exact_match", "flexible-extract", NumberAnswers.FlexibleExtract, NumberAnswers.ExactMatch);

    public static AnswerFilter BoxedOrLast { get; } = new("exact_match", "boxed-or-last", AimeAnswers.Extract, AimeAnswers.Matches);
}

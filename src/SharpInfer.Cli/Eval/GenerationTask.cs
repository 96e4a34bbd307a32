namespace SharpInfer.Cli.Eval;

/// <summary>A greedy generation task: each response is cut at the first stop string and scored by every filter.</summary>
internal sealed record GenerationTask(
    string Name, string Group, int NumFewshot, IReadOnlyList<GenerationDoc> Docs,
    IReadOnlyList<string> Until, int MaxTokens, IReadOnlyList<AnswerFilter> Filters)
    : EvalTask(Name, Group, NumFewshot)
{
    public override int Count => Docs.Count;
}

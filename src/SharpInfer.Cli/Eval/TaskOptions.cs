namespace SharpInfer.Cli.Eval;

/// <summary>What the task loaders need from the command line; notes (defaults taken, shots skipped) go to <see cref="Notes"/>.</summary>
internal sealed record TaskOptions(string DataDir, int? NumFewshot, int? Limit, int? MaxTokens, TextWriter Notes)
{
    /// <summary>The first <see cref="Limit"/> docs, as lm_eval's --limit takes them.</summary>
    public IReadOnlyList<T> Take<T>(IReadOnlyList<T> docs) => Limit is { } n && n < docs.Count ? docs.Take(n).ToList() : docs;
}

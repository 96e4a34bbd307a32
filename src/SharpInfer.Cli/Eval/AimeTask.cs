using System.Globalization;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// AIME as lm_eval's <c>aime</c> tasks prompt it: zero-shot "Question: {problem}\nAnswer:", greedy (up to 32768
/// tokens, capped by the context) until the GSM8K stop strings, the answer being the last <c>\boxed{}</c> or else the
/// last number. Files: every <c>aime/*.jsonl</c>, records with problem (or Problem, question) and answer (or Answer).
/// </summary>
internal static class AimeTask
{
    public const string Name = "aime";
    public const int DefaultMaxTokens = 32768;

    public static GenerationTask Load(TaskOptions options)
    {
        if (options.NumFewshot is > 0)
            options.Notes.WriteLine("note: aime: no few-shot split; running zero-shot");
        var docs = new List<GenerationDoc>();
        foreach (var file in DataFiles.InFolder(Path.Combine(options.DataDir, "aime"), "aime/<year>.jsonl with problem and answer", ".jsonl"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            docs.AddRange(JsonLines.Read(file).Select((row, i) => new GenerationDoc(
                string.Create(CultureInfo.InvariantCulture, $"{stem}/{i}"),
                $"Question: {JsonLines.Field(row, file, i, "problem", "Problem", "question")}\nAnswer:",
                JsonLines.Field(row, file, i, "answer", "Answer"))));
        }
        return new GenerationTask(Name, Name, 0, options.Take(docs), Gsm8kTask.Until, options.MaxTokens ?? DefaultMaxTokens, [AnswerFilter.BoxedOrLast]);
    }
}

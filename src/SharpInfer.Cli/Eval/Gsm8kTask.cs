using System.Globalization;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// lm_eval's <c>gsm8k</c>: few-shot "Question: {question}\nAnswer: {answer}" examples, then
/// "Question: {question}\nAnswer:", greedy until "Question:", "&lt;/s&gt;" or "&lt;|im_end|&gt;" (256 tokens), scored by
/// strict-match and flexible-extract. Files: <c>gsm8k/test.jsonl</c> ({question, answer "... #### N"}). lm_eval takes
/// 5 examples from the train split; here they are the first n of <c>gsm8k/train.jsonl</c>, and without that file
/// the default is zero-shot (with a note).
/// </summary>
internal static class Gsm8kTask
{
    public const string Name = "gsm8k";
    public const int DefaultShots = 5;
    public const int DefaultMaxTokens = 256;
    public static readonly IReadOnlyList<string> Until = ["Question:", "</s>", "<|im_end|>"];

    private sealed record Question(string Text, string Answer);

    public static GenerationTask Load(TaskOptions options)
    {
        var folder = Path.Combine(options.DataDir, "gsm8k");
        var path = Path.Combine(folder, "test.jsonl");
        if (!File.Exists(path))
            throw new UserErrorException($"no {path}; gsm8k expects gsm8k/test.jsonl with question and answer (see README, eval)");
        var train = Path.Combine(folder, "train.jsonl");
        var shots = options.NumFewshot ?? (File.Exists(train) ? DefaultShots : 0);
        if (options.NumFewshot is null && !File.Exists(train))
            options.Notes.WriteLine($"note: gsm8k: no {train} for lm_eval's {DefaultShots} few-shot examples; running zero-shot");
        var examples = DataFiles.FirstShots(File.Exists(train) ? Read(train) : null, shots, Name);
        var docs = options.Take(Read(path)).Select((q, i) => new GenerationDoc(
            i.ToString(CultureInfo.InvariantCulture),
            FewShotPrompt.Build("", examples.Select(e => (DocText(e), e.Answer)), DocText(q)),
            q.Answer)).ToList();
        return new GenerationTask(Name, Name, shots, docs, Until, options.MaxTokens ?? DefaultMaxTokens,
            [AnswerFilter.StrictMatch, AnswerFilter.FlexibleExtract]);
    }

    private static string DocText(Question q) => $"Question: {q.Text}\nAnswer:";

    private static List<Question> Read(string path) => JsonLines.Read(path)
        .Select((row, i) => new Question(JsonLines.Field(row, path, i, "question"), JsonLines.Field(row, path, i, "answer"))).ToList();
}

using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// lm_eval's <c>boolq</c> (SuperGLUE): "{passage}\nQuestion: {question}?\nAnswer:" scored by the log-likelihood of
/// " no" and " yes" (acc). Files: <c>boolq/validation.jsonl</c> with passage, question and label (0/1) or answer
/// (false/true); few-shot examples are the first n of <c>boolq/train.jsonl</c>.
/// </summary>
internal static class BoolqTask
{
    public const string Name = "boolq";
    private static readonly string[] Choices = ["no", "yes"];

    private sealed record Question(string Passage, string Text, int Label);

    public static ChoiceTask Load(TaskOptions options)
    {
        var folder = Path.Combine(options.DataDir, "boolq");
        var path = Path.Combine(folder, "validation.jsonl");
        if (!File.Exists(path))
            throw new UserErrorException($"no {path}; boolq expects boolq/validation.jsonl with passage, question and label (see README, eval)");
        var train = Path.Combine(folder, "train.jsonl");
        var shots = options.NumFewshot ?? 0;
        var examples = DataFiles.FirstShots(File.Exists(train) ? Read(train) : null, shots, Name);
        var docs = options.Take(Read(path)).Select((q, i) => new ChoiceDoc(
            i.ToString(CultureInfo.InvariantCulture),
            FewShotPrompt.Build("", examples.Select(e => (DocText(e), Choices[e.Label])), DocText(q)),
            Choices, q.Label)).ToList();
        return new ChoiceTask(Name, Name, shots, docs, ReportsAccNorm: false);
    }

    private static string DocText(Question q) => $"{q.Passage}\nQuestion: {q.Text}?\nAnswer:";

    private static List<Question> Read(string path) => JsonLines.Read(path).Select((row, i) =>
    {
        var label = row["label"] is JsonValue l ? l.ToJsonString() : JsonLines.Field(row, path, i, "answer");
        var value = label switch
        {
            "1" or "true" or "True" => 1,
            "0" or "false" or "False" => 0,
            _ => throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"{path}: record {i}: label '{label}' is not 0/1 or false/true")),
        };
        return new Question(JsonLines.Field(row, path, i, "passage"), JsonLines.Field(row, path, i, "question"), value);
    }).ToList();
}

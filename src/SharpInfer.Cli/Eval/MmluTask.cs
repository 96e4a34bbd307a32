using System.Globalization;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// lm_eval's <c>mmlu</c>: per subject, "The following are multiple choice questions (with answers) about
/// {subject}.\n\n" + few-shot dev examples (first n) + "{question}\nA. ..\nB. ..\nC. ..\nD. ..\nAnswer:",
/// scored by the log-likelihood of " A" … " D" (acc). Files: <c>mmlu/test/*.csv</c> and <c>mmlu/dev/*.csv</c>,
/// either with the header <c>question,choice0..3,answer</c> (answer 0–3) or headerless as the original
/// release (question, four choices, answer letter).
/// </summary>
internal static class MmluTask
{
    public const string Name = "mmlu";
    private const string Layout = "mmlu/test/<subject>.csv (and mmlu/dev/<subject>.csv for few-shot)";
    private static readonly string[] Letters = ["A", "B", "C", "D"];

    private sealed record Question(string Text, string[] Choices, int Answer);

    /// <summary>Every subject in the test folder, or only <paramref name="subject"/>.</summary>
    public static IReadOnlyList<ChoiceTask> Load(TaskOptions options, string? subject)
    {
        var testFolder = Path.Combine(options.DataDir, "mmlu", "test");
        var files = DataFiles.InFolder(testFolder, Layout, ".csv");
        if (subject is not null)
        {
            files = files.Where(f => DataFiles.Subject(f) == subject).ToList();
            if (files.Count == 0)
                throw new UserErrorException($"no MMLU subject '{subject}' in {testFolder}; task names are mmlu or mmlu_<subject> with a file {Layout}");
        }
        var shots = options.NumFewshot ?? 0;
        return files.Select(file =>
        {
            var name = DataFiles.Subject(file);
            var dev = DataFiles.ForSubject(Path.Combine(options.DataDir, "mmlu", "dev"), name, ".csv") is { } devFile ? Read(devFile) : null;
            var examples = DataFiles.FirstShots(dev, shots, $"mmlu_{name}");
            var description = $"The following are multiple choice questions (with answers) about {name.Replace('_', ' ')}.\n\n";
            var docs = options.Take(Read(file)).Select((q, i) => new ChoiceDoc(
                string.Create(CultureInfo.InvariantCulture, $"{name}/{i}"),
                FewShotPrompt.Build(description, examples.Select(e => (DocText(e), Letters[e.Answer])), DocText(q)),
                Letters, q.Answer)).ToList();
            return new ChoiceTask($"mmlu_{name}", Name, shots, docs, ReportsAccNorm: false);
        }).ToList();
    }

    private static string DocText(Question q) =>
        $"{q.Text.Trim()}\nA. {q.Choices[0]}\nB. {q.Choices[1]}\nC. {q.Choices[2]}\nD. {q.Choices[3]}\nAnswer:";

    private static List<Question> Read(string path)
    {
        var rows = CsvTable.Read(path);
        var header = rows.Count > 0 && rows[0] is ["question", "choice0", "choice1", "choice2", "choice3", "answer"];
        return rows.Skip(header ? 1 : 0).Select((row, i) =>
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{path}: row {i + (header ? 2 : 1)}");
            if (row.Length != 6)
                throw new UserErrorException($"{where} has {row.Length} fields; expected question, four choices and the answer");
            var answer = header
                ? int.TryParse(row[5], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index is >= 0 and <= 3 ? index : -1
                : Array.IndexOf(Letters, row[5].Trim());
            if (answer < 0)
                throw new UserErrorException($"{where}: answer '{row[5]}' is not {(header ? "0-3" : "A-D")}");
            return new Question(row[0], row[1..5], answer);
        }).ToList();
    }
}

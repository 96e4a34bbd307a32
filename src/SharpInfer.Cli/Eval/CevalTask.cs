using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// lm_eval's <c>ceval-valid</c>: per subject, "以下是中国关于{subject}的单项选择题，请选出其中的正确答案。\n\n" + few-shot dev
/// examples (first n) + "{question}\nA. ..\nB. ..\nC. ..\nD. ..\n答案：", scored by the log-likelihood of " A" … " D"
/// (acc and acc_norm). Files: <c>ceval/val/&lt;subject&gt;.jsonl</c> (or the release's <c>&lt;subject&gt;_val.csv</c>) with
/// question, A, B, C, D, answer (a letter); few-shot from <c>ceval/dev</c>. The subject's Chinese name, which lm_eval
/// puts in the description, comes from the release's <c>ceval/subject_mapping.json</c> when present.
/// </summary>
internal static class CevalTask
{
    public const string Name = "ceval-valid";
    private const string Layout = "ceval/val/<subject>.jsonl or <subject>_val.csv (and ceval/dev/ for few-shot)";
    private static readonly string[] Letters = ["A", "B", "C", "D"];
    private static readonly string[] Extensions = [".jsonl", ".csv"];

    private sealed record Question(string Text, string[] Choices, int Answer);

    public static IReadOnlyList<ChoiceTask> Load(TaskOptions options, string? subject)
    {
        var root = Path.Combine(options.DataDir, "ceval");
        var files = DataFiles.InFolder(Path.Combine(root, "val"), Layout, Extensions);
        if (subject is not null)
        {
            files = files.Where(f => DataFiles.Subject(f) == subject).ToList();
            if (files.Count == 0)
                throw new UserErrorException($"no C-Eval subject '{subject}' in {Path.Combine(root, "val")}; expected {Layout}");
        }
        var names = ChineseNames(Path.Combine(root, "subject_mapping.json"), options.Notes);
        var shots = options.NumFewshot ?? 0;
        return files.Select(file =>
        {
            var name = DataFiles.Subject(file);
            var dev = DataFiles.ForSubject(Path.Combine(root, "dev"), name, Extensions) is { } devFile ? Read(devFile) : null;
            var examples = DataFiles.FirstShots(dev, shots, $"{Name}_{name}");
            var description = $"以下是中国关于{names.GetValueOrDefault(name, name.Replace('_', ' '))}的单项选择题，请选出其中的正确答案。\n\n";
            var docs = options.Take(Read(file)).Select((q, i) => new ChoiceDoc(
                string.Create(CultureInfo.InvariantCulture, $"{name}/{i}"),
                FewShotPrompt.Build(description, examples.Select(e => (DocText(e), Letters[e.Answer])), DocText(q)),
                Letters, q.Answer)).ToList();
            return new ChoiceTask($"{Name}_{name}", Name, shots, docs, ReportsAccNorm: true);
        }).ToList();
    }

    private static string DocText(Question q) =>
        $"{q.Text.Trim()}\nA. {q.Choices[0]}\nB. {q.Choices[1]}\nC. {q.Choices[2]}\nD. {q.Choices[3]}\n答案：";

    private static List<Question> Read(string path)
    {
        IEnumerable<Func<string, string>> records;
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var rows = CsvTable.Read(path);
            var header = rows.Count > 0 ? rows[0] : [];
            records = rows.Skip(1).Select((row, i) => (Func<string, string>)(field =>
            {
                var column = Array.IndexOf(header, field);
                return column >= 0 && column < row.Length ? row[column]
                    : throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"{path}: row {i + 2} has no '{field}' column"));
            }));
        }
        else
            records = JsonLines.Read(path).Select((row, i) => (Func<string, string>)(field => JsonLines.Field(row, path, i, field)));
        return records.Select((field, i) =>
        {
            var answer = Array.IndexOf(Letters, field("answer").Trim());
            if (answer < 0)
                throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"{path}: record {i}: answer '{field("answer")}' is not A-D"));
            return new Question(field("question"), [field("A"), field("B"), field("C"), field("D")], answer);
        }).ToList();
    }

    /// <summary>subject_mapping.json: {"computer_network": ["Computer Network", "计算机网络", "STEM"], ...}.</summary>
    private static Dictionary<string, string> ChineseNames(string path, TextWriter notes)
    {
        if (!File.Exists(path))
        {
            notes.WriteLine($"note: ceval: no {path}; descriptions name subjects by their file names instead of lm_eval's Chinese names");
            return [];
        }
        var mapping = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new UserErrorException($"{path} is not a JSON object");
        return mapping.Where(p => p.Value is JsonArray { Count: >= 2 } a && a[1] is JsonValue)
            .ToDictionary(p => p.Key, p => p.Value![1]!.GetValue<string>());
    }
}

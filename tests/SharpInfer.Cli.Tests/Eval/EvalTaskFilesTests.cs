using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>BoolQ, C-Eval and AIME from hand-written files, end to end against stories260K.</summary>
public sealed class EvalTaskFilesTests(StoriesServer server) : IClassFixture<StoriesServer>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpinfer-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void BoolqCevalAndAimeAreScoredWithTheirMetrics()
    {
        Write("boolq/validation.jsonl", """
            {"question": "is the cat happy", "passage": "The cat was happy.", "label": 1}
            {"question": "did tom run", "passage": "Tom sat down.", "answer": false}
            """);
        Write("ceval/val/logic_val.csv", "id,question,A,B,C,D,answer\n0,一加一,一,二,三,四,B\n1,二加二,四,五,六,七,A\n");
        Write("aime/2024.jsonl", """
            {"problem": "What is 2+3?", "answer": "5"}
            {"Problem": "What is 10*10?", "Answer": 100}
            """);
        var output = Path.Combine(_dir, "run.json");

        var result = CliRunner.Run("eval", "--base-url", server.BaseUrl, "--model", server.ModelName, "--tasks", "boolq,ceval,aime",
            "--data-dir", _dir, "--max-tokens", "8", "--output-json", output);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("no " + Path.Combine(_dir, "ceval", "subject_mapping.json"), result.Stderr);
        var json = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal(["acc,none"], Metrics(json, "boolq"));
        Assert.Equal(["acc,none", "acc_norm,none"], Metrics(json, "ceval-valid_logic"));
        Assert.Equal(["exact_match,boxed-or-last"], Metrics(json, "aime"));
        var samples = json["samples"]!.AsArray();
        Assert.Equal(6, samples.Count);
        Assert.Equal(["no", "yes"], samples.Where(s => (string?)s!["task"] == "boolq").Select(s => (string)s!["gold"]!).Reverse());
        Assert.Equal(["B", "A"], samples.Where(s => (string?)s!["task"] == "ceval-valid_logic").Select(s => (string)s!["gold"]!));
        var aime = samples.Where(s => (string?)s!["task"] == "aime").ToList();
        Assert.Equal(["2024/0", "2024/1"], aime.Select(s => (string)s!["doc_id"]!));
        Assert.Equal(["5", "100"], aime.Select(s => (string)s!["gold"]!));
        Assert.All(aime, s => Assert.Equal(8, (int)s!["max_tokens"]!));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static List<string> Metrics(JsonNode json, string task) =>
        json["results"]!.AsArray().Single(r => (string?)r!["task"] == task)!["metrics"]!.AsArray()
            .Select(m => $"{m!["metric"]},{m["filter"]}").ToList();
}

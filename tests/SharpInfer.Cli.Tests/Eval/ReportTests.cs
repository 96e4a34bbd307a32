using System.Text.Json.Nodes;
using SharpInfer.Cli.Eval;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>Group rows, the JSON records and eval compare's matching, on hand-made results.</summary>
public sealed class ReportTests
{
    private static TaskResult Subject(string name, params bool[] correct)
    {
        var task = new ChoiceTask(name, "mmlu", 0, [], ReportsAccNorm: false);
        var samples = correct.Select((c, i) => new SampleRecord(name, $"{name}/{i}", "p", c ? "A" : "B", "A", [new Verdict("acc", "none", c)], [])).ToList();
        return new TaskResult(task, samples);
    }

    [Fact]
    public void AGroupRowAveragesAllSamplesWithThePooledStderr()
    {
        var a = Subject("mmlu_a", true, false, false, false);
        var b = Subject("mmlu_b", true, true, false, false);

        var group = Assert.Single(TaskResult.Group([a, b]));
        var output = new StringWriter();
        EvalReport.Print(output, [a, b]);

        Assert.Equal(3 / 8.0, group.Value);
        Assert.Equal(8, group.N);
        Assert.Equal(MeanStderr.Pooled([(a.Metrics[0].Stderr, 4), (b.Metrics[0].Stderr, 4)]), group.Stderr);
        var lines = output.ToString().Split('\n');
        Assert.Equal("mmlu (0-shot)", lines[0]);
        Assert.StartsWith("| mmlu   | acc    | none   | 0.3750 |", lines[3]);
        Assert.StartsWith("| mmlu_a | acc    | none   | 0.2500 | ± 0.2500 | 4 |", lines[4]);
    }

    [Fact]
    public void CompareMatchesSamplesByTaskAndDocId()
    {
        var a = EvalReport.Json([Subject("mmlu_a", true, false, true)], []);
        var b = EvalReport.Json([Subject("mmlu_a", true, true)], []);
        b["samples"]!.AsArray().Add(new JsonObject { ["task"] = "gsm8k", ["doc_id"] = "0", ["verdicts"] = new JsonObject() });

        var result = EvalComparison.Compare(a, b);

        var difference = Assert.Single(result.Differences);
        Assert.Equal(("mmlu_a", "mmlu_a/1", "acc,none", false, true), (difference.Task, difference.DocId, difference.Metric, difference.A, difference.B));
        Assert.Equal(("B", "A"), (difference.OutputA, difference.OutputB));
        Assert.Equal((2, 1, 1), (result.Shared, result.OnlyA, result.OnlyB));
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Cli.Eval;
using SharpInfer.Engine;
using SharpInfer.Models;
using SharpInfer.Tests;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>
/// <c>eval</c> against an in-process <c>sharpinfer serve</c> of stories260K: every sample is scored and recorded, the
/// MMLU picks agree with log-likelihoods recomputed straight through the engine, and <c>eval compare</c> diffs runs.
/// </summary>
public sealed class EvalEndToEndTests(StoriesServer server) : IClassFixture<StoriesServer>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sharpinfer-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CliRunner.Result Eval(string tasks, string output, params string[] more) => CliRunner.Run(
    [
        "eval", "--base-url", server.BaseUrl + "/v1", "--model", server.ModelName, "--tasks", tasks,
        "--data-dir", SharedData.Path("datasets"), "--limit", "20", "--concurrency", "4", "--output-json", output, .. more,
    ]);

    [Fact]
    public void MmluAndGsm8kScoreEverySampleAndRecordIt()
    {
        var path = Path.Combine(_dir, "run.json");
        // 32 new tokens keep the test fast; the stories model never writes "####" anyway.
        var result = Eval("mmlu_abstract_algebra,gsm8k", path, "--max-tokens", "32");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("| mmlu_abstract_algebra | acc    | none   |", result.Stdout);
        Assert.Contains("| gsm8k | exact_match | flexible-extract |", result.Stdout);
        Assert.Contains("eval: 40/40 samples scored", result.Stderr);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var samples = json["samples"]!.AsArray().Select(s => s!.AsObject()).ToList();

        var mmlu = samples.Where(s => (string?)s["task"] == "mmlu_abstract_algebra").ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"abstract_algebra/{i}"), mmlu.Select(s => (string)s["doc_id"]!));
        foreach (var sample in mmlu)
        {
            var logliks = sample["loglikelihoods"]!.AsArray().Select(l => (double)l!).ToList();
            Assert.Equal(4, logliks.Count);
            Assert.All(logliks, l => Assert.True(l < 0));
            Assert.Equal("ABCD"[ChoiceScoring.Argmax(logliks)].ToString(), (string?)sample["output"]);
            Assert.Equal((string?)sample["output"] == (string?)sample["gold"], (bool)sample["correct"]!);
            Assert.Equal((bool)sample["correct"]!, (bool)sample["verdicts"]!["acc,none"]!);
            Assert.EndsWith("\nAnswer:", (string?)sample["prompt"]);
        }
        AssertMetric(json, "mmlu_abstract_algebra", "acc", mmlu.Count(s => (bool)s["correct"]!) / 20.0);

        var gsm8k = samples.Where(s => (string?)s["task"] == "gsm8k").ToList();
        Assert.Equal(20, gsm8k.Count);
        foreach (var sample in gsm8k)
        {
            var output = (string)sample["output"]!;
            var gold = (string)sample["gold"]!;
            Assert.StartsWith("Question: ", (string?)sample["prompt"]);
            Assert.Contains("#### ", gold);
            Assert.DoesNotContain("Question:", output);
            Assert.Equal(NumberAnswers.StrictMatch(output), (string?)sample["extracted"]!["strict-match"]);
            Assert.Equal(NumberAnswers.FlexibleExtract(output), (string?)sample["extracted"]!["flexible-extract"]);
            Assert.Equal(NumberAnswers.ExactMatch(NumberAnswers.FlexibleExtract(output), gold), (bool)sample["verdicts"]!["exact_match,flexible-extract"]!);
            Assert.Equal(NumberAnswers.ExactMatch(NumberAnswers.StrictMatch(output), gold), (bool)sample["verdicts"]!["exact_match,strict-match"]!);
            Assert.Equal(32, (int)sample["max_tokens"]!);
        }
        AssertMetric(json, "gsm8k", "exact_match", gsm8k.Count(s => (bool)s["verdicts"]!["exact_match,strict-match"]!) / 20.0);

        AssertPicksMatchTheEngine(mmlu.Take(3).ToList());
        AssertCompareFindsAFlippedVerdict(path, json);
    }

    /// <summary>
    /// Each choice's log-likelihood recomputed without the server or the eval code: the tokenizer splits context
    /// and continuation, the engine scores one prompt at a time (a few questions: Debug builds are slow).
    /// </summary>
    private void AssertPicksMatchTheEngine(List<JsonObject> mmlu)
    {
        var tokenizer = Tokenizer.FromDirectory(server.ModelDirectory);
        using var loaded = LoadedModel.Load(server.ModelDirectory, LoadFormat.Safetensors);
        var engine = new LlmEngine(loaded, new EngineConfig { BlockSize = 16, MaxModelLen = 512, KvCacheMemoryBytes = 16L * 1024 * 1024 });
        foreach (var sample in mmlu)
        {
            var context = (string)sample["prompt"]!;
            var contextIds = tokenizer.Encode(context);
            Assert.All(sample["context_tokens"]!.AsArray(), n => Assert.Equal(contextIds.Length, (int)n!));
            var expected = "ABCD".Select(letter =>
            {
                var whole = tokenizer.Encode(context + " " + letter);
                var continuation = whole[contextIds.Length..];
                var request = new EngineRequest($"{sample["doc_id"]}-{letter}", [.. contextIds, .. continuation],
                    new SamplingParams { Temperature = 0, MaxTokens = 1, PromptLogprobs = true, Logprobs = 0 });
                var promptLogprobs = engine.Generate([request])[0].PromptLogprobs!;
                return promptLogprobs.Skip(contextIds.Length).Sum(lp => (double)lp!.Value);
            }).ToList();
            var actual = sample["loglikelihoods"]!.AsArray().Select(l => (double)l!).ToList();
            for (var i = 0; i < 4; i++)
                Assert.Equal(expected[i], actual[i], 1e-4);
            Assert.Equal("ABCD"[ChoiceScoring.Argmax(expected)].ToString(), (string?)sample["output"]);
        }
    }

    private void AssertCompareFindsAFlippedVerdict(string path, JsonObject json)
    {
        var flipped = json.DeepClone().AsObject();
        var sample = flipped["samples"]![3]!;
        var verdict = !(bool)sample["verdicts"]!["acc,none"]!;
        sample["verdicts"]!["acc,none"] = verdict;
        var other = Path.Combine(_dir, "flipped.json");
        File.WriteAllText(other, flipped.ToJsonString());

        var same = CliRunner.Run("eval", "compare", path, path);
        var different = CliRunner.Run("eval", "compare", path, other);

        Assert.Equal(0, same.ExitCode);
        Assert.StartsWith("40 samples in both runs; 0 verdicts differ", same.Stdout);
        Assert.Equal(0, different.ExitCode);
        Assert.StartsWith("40 samples in both runs; 1 verdicts differ", different.Stdout);
        Assert.Contains($"| {sample["task"]} | {sample["doc_id"]} | acc,none |", different.Stdout);
    }

    private static void AssertMetric(JsonObject json, string task, string metric, double expected)
    {
        var entry = json["results"]!.AsArray().Single(r => (string?)r!["task"] == task)!;
        Assert.Equal(20, (int)entry["n"]!);
        var value = (double)entry["metrics"]!.AsArray().First(m => (string?)m!["metric"] == metric)!["value"]!;
        Assert.Equal(expected, value, 12);
    }

    [Fact]
    public void ChatCannotScoreMultipleChoice()
    {
        var result = Eval("mmlu_abstract_algebra", Path.Combine(_dir, "x.json"), "--chat");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--chat cannot score mmlu_abstract_algebra", result.Stderr);
    }

    [Fact]
    public void AWrongModelNameIsReportedWithTheServersAnswer()
    {
        var result = CliRunner.Run("eval", "--base-url", server.BaseUrl, "--model", "other", "--tasks", "mmlu_abstract_algebra",
            "--data-dir", SharedData.Path("datasets"), "--limit", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{server.BaseUrl}/tokenize answered 404: The model 'other' does not exist"), result.Stderr);
    }
}

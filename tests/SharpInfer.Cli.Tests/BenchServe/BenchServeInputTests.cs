using System.Text.Json.Nodes;
using SharpInfer.Cli.Bench.Serve;
using SharpInfer.Core;
using SharpInfer.Tests;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>The ShareGPT and JSON Lines datasets, and flag errors caught before anything is sent.</summary>
public sealed class BenchServeInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-bench-input-").FullName;
    private static readonly Tokenizer Stories = Tokenizer.FromDirectory(SharedData.Model("stories260K"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static JsonObject Conversation(string prompt, string answer) => new()
    {
        ["conversations"] = new JsonArray(new JsonObject { ["from"] = "human", ["value"] = prompt }, new JsonObject { ["from"] = "gpt", ["value"] = answer }),
    };

    [Fact]
    public void ShareGptTakesTheFirstTwoTurnsAndSkipsTooShortPairs()
    {
        const string Long = "Once upon a time there was a little girl named Lily who loved to play";
        var path = File("sharegpt.json", new JsonArray(
            Conversation(Long, "She went to the park with her mom and dad"),
            Conversation("Hi", "She went to the park with her mom and dad"), // prompt under 4 tokens
            Conversation(Long + " outside", "Ok"), // answer under 4 tokens
            new JsonObject { ["conversations"] = new JsonArray(new JsonObject { ["from"] = "human", ["value"] = Long }) }).ToJsonString());

        var prompts = ShareGptDataset.Sample(path, Stories, 1, null, new Random(0));
        Assert.Equal(Long, prompts[0].Text);
        Assert.Equal(Stories.Encode(Long).Length, prompts[0].PromptLen);
        Assert.Equal(Stories.Encode("She went to the park with her mom and dad").Length, prompts[0].OutputLen);

        // A fixed output length drops the answer-length check only.
        var fixedLen = ShareGptDataset.Sample(path, Stories, 2, 7, new Random(0));
        Assert.Equal([Long, Long + " outside"], fixedLen.Select(p => p.Text).Order());
        Assert.All(fixedLen, p => Assert.Equal(7, p.OutputLen));

        var error = Assert.Throws<UserErrorException>(() => ShareGptDataset.Sample(path, Stories, 3, 7, new Random(0)));
        Assert.Contains("has only 2 usable conversations", error.Message);
    }

    [Fact]
    public void JsonlLinesGiveThePromptAndOptionallyTheOutputLength()
    {
        var path = File("prompts.jsonl", "{\"prompt\": \"Once upon a time\", \"output_len\": 9}\n\n{\"prompt\": \"The cat sat\"}\n");
        var prompts = JsonlDataset.Sample(path, Stories, 2, 33);
        Assert.Equal(new BenchPrompt("Once upon a time", Stories.Encode("Once upon a time").Length, 9), prompts[0]);
        Assert.Equal(new BenchPrompt("The cat sat", Stories.Encode("The cat sat").Length, 33), prompts[1]);

        var bad = File("bad.jsonl", "{\"prompt\": \"fine\"}\n{\"text\": \"no prompt\"}\n");
        Assert.Contains("line 2: expected an object with a string \"prompt\"", Assert.Throws<UserErrorException>(() => JsonlDataset.Sample(bad, Stories, 2, 8)).Message);
    }

    [Theory]
    [InlineData("--endpoint /v1/embeddings", "--endpoint '/v1/embeddings' is not supported")]
    [InlineData("--dataset-name sharegpt", "--dataset-name sharegpt needs --dataset-path")]
    [InlineData("--random-range-ratio 1", "--random-range-ratio must be in [0, 1)")]
    [InlineData("--request-rate fast", "--request-rate 'fast' is not 'inf' or a positive number")]
    [InlineData("--percentile-metrics ttft,foo", "'foo' is not one of ttft, tpot, itl, e2el")]
    [InlineData("--metric-percentiles 0", "'0' is not a number in (0, 100]")]
    [InlineData("--goodput ttft:abc", "--goodput 'ttft:abc' is not METRIC:MILLISECONDS")]
    public void BadFlagsAreUserErrors(string flags, string message)
    {
        var result = CliRunner.Run(["bench", "serve", "--base-url", "http://127.0.0.1:9", .. flags.Split(' ')]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void SweepNeedsConcurrenciesOrRatesAndUnreachableServersAreNamed()
    {
        var sweep = CliRunner.Run("bench", "sweep", "--base-url", "http://127.0.0.1:9");
        Assert.Equal(2, sweep.ExitCode);
        Assert.Contains("give exactly one of --concurrencies", sweep.Stderr);

        // Without --model the server is asked for its model; port 9 (discard) refuses.
        var serve = CliRunner.Run("bench", "serve", "--base-url", "http://127.0.0.1:9");
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("cannot ask http://127.0.0.1:9/v1/models for its model", serve.Stderr);
    }
}

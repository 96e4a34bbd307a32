using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

/// <summary>The <c>generate --json</c> contract against the reference fixtures, end to end from text.</summary>
public sealed class GenerateCommandTests
{
    public static TheoryData<string, int> Cases() => ReferenceCase.AllCases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void TextAndChatPromptsMatchTheReference(string model, int index)
    {
        var reference = ReferenceCase.Load(model)[index];
        string[] prompt = reference.Kind == "text"
            ? ["--prompt", reference.Prompt!]
            : reference.Messages!.Count == 1 ? ["--chat", (string)reference.Messages[0]!["content"]!] : ["--prompt-ids", string.Join(',', reference.PromptIds)];
        var result = CliRunner.Run([
            "generate", "--model", SharedData.Model(model), .. prompt,
            "--max-tokens", reference.GreedyIds.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "--logprobs", "5", "--prompt-logprobs", "--json"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var json = result.Json;
        Assert.Equal(reference.PromptIds, Ints(json["prompt_ids"]!));
        // Stopping at an eos id is allowed to cut the reference's fixed-length run short.
        var tokens = Ints(json["token_ids"]!);
        Assert.Equal(reference.GreedyIds.Take(tokens.Length), tokens);
        var steps = json["logprobs"]!.AsArray();
        Assert.Equal(tokens.Length, steps.Count);
        for (var step = 0; step < steps.Count; step++)
        {
            var top = steps[step]!["top"]!.AsArray();
            Assert.Equal(5, top.Count);
            Assert.Equal(tokens[step], (int)steps[step]!["token"]!);
            for (var k = 0; k < 5; k++)
            {
                var (id, logprob) = reference.StepTops[step][k];
                var ours = top.Select(t => ((int)t![0]!, (double)t[1]!)).FirstOrDefault(t => t.Item1 == id, (-1, double.NaN));
                Assert.True(Math.Abs(ours.Item2 - logprob) <= reference.Tolerance, $"step {step} token {id}: {ours.Item2} vs {logprob}");
            }
        }
        var promptLogprobs = json["prompt_logprobs"]!.AsArray();
        Assert.Null(promptLogprobs[0]);
        for (var j = 0; j < reference.PromptLogprobs.Length; j++)
            Assert.True(Math.Abs((double)promptLogprobs[j + 1]! - reference.PromptLogprobs[j]) <= reference.Tolerance);
    }

    [Fact]
    public void Stories260KFromBosWritesTheExpectedText()
    {
        var expected = JsonNode.Parse(File.ReadAllText(SharedData.Path("models", "stories260K", "expected_greedy.json")))!;
        var result = CliRunner.Run("generate", "--model", SharedData.Model("stories260K"), "--prompt-ids", "1", "--max-tokens", "200", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Ints(expected["greedy_ids_200"]!), Ints(result.Json["token_ids"]!));
        Assert.Equal((string)expected["greedy_text"]!, (string)result.Json["text"]!);
    }

    [Fact]
    public void PlainTextModeStreamsTheContinuation()
    {
        var result = CliRunner.Run("generate", "--model", SharedData.Model("stories260K"), "--prompt", "Once upon a time", "--max-tokens", "8");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith(", there was a little girl", result.Stdout);
        Assert.Contains("tokens/s", result.Stderr);
    }

    [Fact]
    public void DummyLoadFormatRunsFromConfigAlone()
    {
        var result = CliRunner.Run("generate", "--model", SharedData.Path("configs", "smollm2-135m-instruct"), "--load-format", "dummy",
            "--prompt", "Hello", "--max-tokens", "2", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(2, result.Json["token_ids"]!.AsArray().Count);
    }

    [Fact]
    public void SeededSamplingIsReproducible()
    {
        string[] args = ["generate", "--model", SharedData.Model("stories260K"), "--prompt-ids", "1", "--max-tokens", "30", "--temperature", "1", "--seed", "7", "--json"];
        var first = Ints(CliRunner.Run(args).Json["token_ids"]!);
        var second = Ints(CliRunner.Run(args).Json["token_ids"]!);
        Assert.Equal(first, second);
        var greedy = Ints(CliRunner.Run("generate", "--model", SharedData.Model("stories260K"), "--prompt-ids", "1", "--max-tokens", "30", "--json").Json["token_ids"]!);
        Assert.NotEqual(greedy, first);
    }

    internal static int[] Ints(JsonNode node) => node.AsArray().Select(v => (int)v!).ToArray();
}

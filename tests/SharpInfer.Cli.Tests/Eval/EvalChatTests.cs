using System.Text.Json.Nodes;
using SharpInfer.Tests;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>--chat: GSM8K through /v1/chat/completions, the prompt rendered by the model's chat template.</summary>
public sealed class EvalChatTests(QwenServer server) : IClassFixture<QwenServer>, IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"sharpinfer-eval-chat-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_output);

    [Fact]
    public void Gsm8kRunsThroughChatCompletions()
    {
        var result = CliRunner.Run("eval", "--base-url", server.BaseUrl, "--model", server.ModelName, "--tasks", "gsm8k",
            "--data-dir", SharedData.Path("datasets"), "--limit", "2", "--max-tokens", "6", "--chat", "--output-json", _output);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var samples = JsonNode.Parse(File.ReadAllText(_output))!["samples"]!.AsArray();
        Assert.Equal(2, samples.Count);
        var tokenizer = Tokenizer.FromDirectory(server.ModelDirectory);
        foreach (var sample in samples)
        {
            // The chat template wraps the question: the prompt sent is the rendered conversation, longer than the text.
            var plain = tokenizer.Encode((string)sample!["prompt"]!).Length;
            Assert.True((int)sample["prompt_tokens"]! > plain + 3, $"{sample["prompt_tokens"]} tokens sent for a {plain}-token prompt");
            Assert.Equal(6, (int)sample["max_tokens"]!);
            Assert.NotNull((string?)sample["output"]);
        }
    }
}

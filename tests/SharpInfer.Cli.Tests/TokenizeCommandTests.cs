using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

public sealed class TokenizeCommandTests
{
    [Theory]
    [InlineData("qwen2.5", "tokenizers/qwen2.5")]
    [InlineData("smollm2", "tokenizers/smollm2")]
    [InlineData("stories260K", "models/stories260K")]
    public void EncodesAndDecodesEveryFixtureLine(string fixture, string folder)
    {
        var lines = File.ReadAllLines(SharedData.Path("fixtures", "tokenizer", fixture + ".jsonl"))
            .Select(l => JsonNode.Parse(l)!).ToArray();
        var model = SharedData.Path(folder.Split('/'));

        var encodeInput = string.Join('\n', lines.Select(l => l["text"]!.ToJsonString()));
        var encoded = CliRunner.RunWithInput(encodeInput, "tokenize", "--model", model);
        Assert.True(encoded.ExitCode == 0, encoded.Stderr);
        var encodedLines = encoded.Lines.ToArray();
        Assert.Equal(lines.Length, encodedLines.Length);
        for (var i = 0; i < lines.Length; i++)
            Assert.Equal(lines[i]["ids"]!.ToJsonString(), encodedLines[i]);

        var decodeInput = string.Join('\n', lines.Select(l => l["ids"]!.ToJsonString()));
        var decoded = CliRunner.RunWithInput(decodeInput, "tokenize", "--model", model, "--decode").Lines.ToArray();
        for (var i = 0; i < lines.Length; i++)
            Assert.Equal((string)lines[i]["text"]!, JsonSerializer.Deserialize<string>(decoded[i]));
    }

    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-llama")]
    public void ChatLinesRenderTheTemplateAndTokenize(string model)
    {
        foreach (var reference in ReferenceCase.Load(model).Where(c => c.Kind == "chat"))
        {
            var request = new JsonObject { ["messages"] = reference.Messages!.DeepClone(), ["add_generation_prompt"] = true };
            var result = CliRunner.RunWithInput(request.ToJsonString(), "tokenize", "--model", SharedData.Model(model), "--chat");
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Equal(reference.Rendered, (string)result.Json["text"]!);
            Assert.Equal(reference.PromptIds, GenerateCommandTests.Ints(result.Json["ids"]!));
        }
    }

    [Fact]
    public void BadLinesReportAnErrorAndTheRestStillRun()
    {
        var result = CliRunner.RunWithInput("\"hello\"\n{not json\n[1, 2]\n\"world\"", "tokenize", "--model", SharedData.Path("tokenizers", "smollm2"));
        Assert.Equal(2, result.ExitCode);
        var lines = result.Lines.ToArray();
        Assert.Equal(4, lines.Length);
        Assert.Equal("[28120]", lines[0]);
        Assert.Contains("line 2", (string)JsonNode.Parse(lines[1])!["error"]!);
        Assert.Contains("line 3", (string)JsonNode.Parse(lines[2])!["error"]!);
        Assert.Equal("[6693]", lines[3]);
    }
}

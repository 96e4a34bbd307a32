using SharpInfer.Core;
using SharpInfer.Tests;

namespace SharpInfer.Templating.Tests;

public sealed class FromDirectoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("templating-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    [Fact]
    public void PrefersChatTemplateJinjaOverTokenizerConfig()
    {
        Write("tokenizer_config.json", """{"chat_template": "config", "bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>"}""");
        Write("chat_template.jinja", "jinja {{ bos_token }}{{ eos_token }}\n");
        Assert.Equal("jinja <s></s>", ChatTemplate.FromDirectory(_dir).Render([], false));
    }

    [Fact]
    public void PicksNamedTemplateFromList()
    {
        Write("tokenizer_config.json", """{"chat_template": [{"name": "default", "template": "D"}, {"name": "tool_use", "template": "T"}]}""");
        Assert.Equal("D", ChatTemplate.FromDirectory(_dir).Render([], false));
        Assert.Equal("T", ChatTemplate.FromDirectory(_dir, "tool_use").Render([], false));
        var e = Assert.Throws<UserErrorException>(() => ChatTemplate.FromDirectory(_dir, "rag"));
        Assert.Contains("no chat template named 'rag'; available: default, tool_use", e.Message);
    }

    [Fact]
    public void MissingTemplateIsAUserError()
    {
        Write("tokenizer_config.json", """{"eos_token": "</s>"}""");
        var e = Assert.Throws<UserErrorException>(() => ChatTemplate.FromDirectory(_dir));
        Assert.Contains("no chat template", e.Message);
    }

    [Fact]
    public void MalformedConfigIsAUserError()
    {
        Write("tokenizer_config.json", "{ not json");
        var e = Assert.Throws<UserErrorException>(() => ChatTemplate.FromDirectory(_dir));
        Assert.Contains("tokenizer_config.json is not valid JSON", e.Message);
    }

    [Fact]
    public void SharedQwenTemplateFileMatchesItsConfigCopy()
    {
        var fromFile = ChatTemplate.FromDirectory(SharedData.Path("tokenizers", "qwen2.5"));
        var fromConfig = ChatTemplate.FromDirectory(SharedData.Model("tiny-qwen2"));
        var messages = System.Text.Json.Nodes.JsonNode.Parse("""[{"role": "user", "content": "x"}]""")!.AsArray();
        Assert.Equal(fromConfig.Render(messages, true), fromFile.Render(messages, true));
    }
}

using System.Text;
using System.Text.Json.Nodes;
using SharpInfer.Templating.Ast;
using SharpInfer.Templating.Parsing;
using SharpInfer.Templating.Runtime;

namespace SharpInfer.Templating;

/// <summary>
/// A Hugging Face chat template, parsed once and rendered per request exactly as transformers'
/// <c>apply_chat_template</c> does (Jinja2 with trim_blocks, lstrip_blocks, its tojson, raise_exception and strftime_now).
/// </summary>
public sealed class ChatTemplate
{
    private readonly IReadOnlyList<Statement> _body;
    private readonly IReadOnlyDictionary<string, string> _specialTokens;

    private ChatTemplate(string source, IReadOnlyDictionary<string, string> specialTokens)
    {
        Source = source;
        _body = Parser.Parse(source);
        _specialTokens = specialTokens;
    }

    /// <summary>The template text as read.</summary>
    public string Source { get; }

    /// <summary>
    /// Reads <c>chat_template.jinja</c> if present, else <c>tokenizer_config.json</c>'s "chat_template" (a string, or
    /// a list of {name, template}: "default" unless <paramref name="templateName"/> picks another), plus the
    /// special tokens (bos_token, eos_token, ...) from tokenizer_config.json.
    /// </summary>
    public static ChatTemplate FromDirectory(string modelDir, string? templateName = null)
    {
        var (source, tokens) = ChatTemplateFiles.Read(modelDir, templateName);
        return new ChatTemplate(source, tokens);
    }

    public static ChatTemplate FromString(string template, string? bosToken = null, string? eosToken = null)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        if (bosToken is not null)
            tokens["bos_token"] = bosToken;
        if (eosToken is not null)
            tokens["eos_token"] = eosToken;
        return new ChatTemplate(template, tokens);
    }

    /// <summary>
    /// Renders <paramref name="messages"/> (OpenAI-style message objects). <paramref name="tools"/> is passed as
    /// <c>tools</c> (none when null); <paramref name="extraContext"/> adds variables such as <c>enable_thinking</c>.
    /// </summary>
    public string Render(JsonArray messages, bool addGenerationPrompt, JsonArray? tools = null,
        IReadOnlyDictionary<string, JsonNode?>? extraContext = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var globals = new Scope(null);
        Globals.AddTo(globals, () => DateTime.Now);
        foreach (var (name, value) in _specialTokens)
            globals.Set(name, value);
        if (extraContext is not null)
            foreach (var (name, value) in extraContext)
                globals.Set(name, JsonValues.FromNode(value));
        globals.Set("messages", JsonValues.FromNode(messages));
        globals.Set("tools", JsonValues.FromNode(tools));
        globals.Set("documents", null);
        globals.Set("add_generation_prompt", addGenerationPrompt);
        var output = new StringBuilder();
        new Renderer().Render(_body, globals.Child(), output);
        return output.ToString();
    }
}

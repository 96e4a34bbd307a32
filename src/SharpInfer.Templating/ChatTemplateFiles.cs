using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Templating;

/// <summary>Finds a model folder's chat template and special tokens, as transformers' tokenizer loading does.</summary>
internal static class ChatTemplateFiles
{
    private static readonly string[] SpecialTokenNames = ["bos_token", "eos_token", "unk_token", "pad_token"];

    public static (string Template, Dictionary<string, string> SpecialTokens) Read(string modelDir, string? templateName)
    {
        var configPath = Path.Combine(modelDir, "tokenizer_config.json");
        var config = File.Exists(configPath) ? ParseConfig(configPath) : null;
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SpecialTokenNames)
            if (TokenText(config?[name], configPath, name) is { } text)
                tokens[name] = text;

        var jinjaPath = Path.Combine(modelDir, "chat_template.jinja");
        if (File.Exists(jinjaPath))
        {
            if (templateName is not null && templateName != "default")
                throw new UserErrorException($"{jinjaPath} holds a single chat template, so template name '{templateName}' does not exist; omit the name");
            return (File.ReadAllText(jinjaPath), tokens);
        }
        var template = config?["chat_template"]
            ?? throw new UserErrorException($"no chat template in {modelDir}: add chat_template.jinja or a \"chat_template\" field to tokenizer_config.json");
        return (SelectTemplate(template, configPath, templateName), tokens);
    }

    private static JsonObject ParseConfig(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new UserErrorException($"{path} must hold a JSON object");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>A special token is a string or an AddedToken object with "content".</summary>
    private static string? TokenText(JsonNode? node, string path, string field) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["content"] is JsonValue c && c.TryGetValue<string>(out var s) => s,
        _ => throw new UserErrorException($"{path}: \"{field}\" must be a string or an object with a string \"content\""),
    };

    private static string SelectTemplate(JsonNode template, string path, string? templateName)
    {
        if (template is JsonValue value && value.TryGetValue<string>(out var text))
        {
            if (templateName is not null && templateName != "default")
                throw new UserErrorException($"{path} has a single chat template, so template name '{templateName}' does not exist; omit the name");
            return text;
        }
        if (template is not JsonArray list)
            throw new UserErrorException($"{path}: \"chat_template\" must be a string or a list of {{\"name\", \"template\"}} objects");
        var wanted = templateName ?? "default";
        var names = new List<string>();
        foreach (var entry in list)
        {
            var name = entry?["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
            var body = entry?["template"] is JsonValue t && t.TryGetValue<string>(out var b) ? b : null;
            if (name is null || body is null)
                throw new UserErrorException($"{path}: each \"chat_template\" entry needs string \"name\" and \"template\" fields");
            if (name == wanted)
                return body;
            names.Add(name);
        }
        throw new UserErrorException($"{path} has no chat template named '{wanted}'; available: {string.Join(", ", names)}");
    }
}

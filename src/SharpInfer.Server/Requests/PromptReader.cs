using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Templating;

namespace SharpInfer.Server.Requests;

/// <summary>Turns /v1/completions prompts and /v1/chat/completions messages into token ids.</summary>
internal static class PromptReader
{
    /// <summary>
    /// A string, a list of strings, a list of token ids, or a list of id lists. Text is encoded as
    /// <c>generate --prompt</c> encodes it (no special tokens) unless <c>add_special_tokens</c> is true.
    /// </summary>
    public static IReadOnlyList<int[]> Completion(JsonNode? prompt, ModelContext model, bool addSpecialTokens)
    {
        var prompts = prompt switch
        {
            JsonValue v when v.TryGetValue<string>(out var text) => [model.Tokenizer.Encode(text, addSpecialTokens)],
            JsonArray { Count: > 0 } a when a.All(IsString) => a.Select(x => model.Tokenizer.Encode(x!.GetValue<string>(), addSpecialTokens)).ToList(),
            JsonArray { Count: > 0 } a when a.All(IsInt) => [Ids(a, model.VocabSize)],
            JsonArray { Count: > 0 } a when a.All(x => x is JsonArray { Count: > 0 } inner && inner.All(IsInt)) => a.Select(x => Ids(x!.AsArray(), model.VocabSize)).ToList(),
            null => throw OpenAiException.BadRequest("'prompt' is required", "prompt"),
            _ => throw OpenAiException.BadRequest("'prompt' must be a string, a list of strings, a list of token ids or a list of such lists", "prompt"),
        };
        if (prompts.Any(p => p.Length == 0))
            throw OpenAiException.BadRequest("'prompt' must not be empty", "prompt");
        return prompts;
    }

    /// <summary>The conversation rendered with the model's chat template (as transformers' apply_chat_template).</summary>
    public static (string Text, int[] Ids) Chat(RequestBody body, ModelContext model)
    {
        if (model.ChatTemplate is not { } template)
            throw OpenAiException.BadRequest($"model '{model.Name}' has no usable chat template ({model.ChatTemplateProblem}); use /v1/completions", "messages");
        if (body.Node("messages") is not JsonArray { Count: > 0 } messages)
            throw OpenAiException.BadRequest("'messages' must be a non-empty list", "messages");
        var normalized = new JsonArray();
        for (var i = 0; i < messages.Count; i++)
            normalized.Add(Message(messages[i], i));
        var tools = body.Node("tools") switch
        {
            null => null,
            JsonArray a => a.DeepClone().AsArray(),
            _ => throw OpenAiException.BadRequest("'tools' must be a list", "tools"),
        };
        var extra = body.Node("chat_template_kwargs") is JsonObject kwargs ? kwargs.ToDictionary(p => p.Key, p => p.Value?.DeepClone()) : null;
        try
        {
            var text = template.Render(normalized, body.Bool("add_generation_prompt") ?? true, tools, extra);
            return (text, model.Tokenizer.Encode(text));
        }
        catch (UserErrorException e)
        {
            throw OpenAiException.BadRequest(e.Message, "messages");
        }
    }

    private static JsonObject Message(JsonNode? node, int index)
    {
        var where = $"messages[{index}]";
        if (node is not JsonObject message)
            throw OpenAiException.BadRequest($"'{where}' must be an object", where);
        var role = message["role"] is JsonValue r && r.TryGetValue<string>(out var s) ? s : null;
        if (role is not ("system" or "developer" or "user" or "assistant" or "tool"))
            throw OpenAiException.BadRequest($"'{where}.role' must be system, user, assistant or tool", $"{where}.role");
        var copy = message.DeepClone().AsObject();
        copy["role"] = role == "developer" ? "system" : role;
        copy["content"] = message["content"] switch
        {
            null => role == "assistant" ? "" : throw OpenAiException.BadRequest($"'{where}.content' is required", $"{where}.content"),
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            JsonArray parts => string.Concat(parts.Select((p, k) => TextPart(p, $"{where}.content[{k}]"))),
            _ => throw OpenAiException.BadRequest($"'{where}.content' must be a string or a list of text parts", $"{where}.content"),
        };
        return copy;
    }

    private static string TextPart(JsonNode? part, string where) =>
        part is JsonObject obj && obj["type"]?.GetValue<string>() == "text" && obj["text"] is JsonValue t && t.TryGetValue<string>(out var text)
            ? text
            : throw OpenAiException.BadRequest($"'{where}': only text parts are supported (images and audio are not)", where);

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out _);

    private static bool IsInt(JsonNode? node) => node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<int>(out _);

    private static int[] Ids(JsonArray array, int vocabSize) => array.Select(x =>
    {
        var id = x!.GetValue<int>();
        return id >= 0 && id < vocabSize ? id : throw OpenAiException.BadRequest($"'prompt' token id {id} is outside the vocabulary (0..{vocabSize - 1})", "prompt");
    }).ToArray();
}

using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// Greedy generation as lm_eval's local-completions (token ids, no BOS, to /v1/completions) or, with --chat,
/// local-chat-completions (the prompt as one user message to /v1/chat/completions, rendered by the model's template).
/// </summary>
internal sealed class Generator(EvalClient client, ServerTokenizer tokenizer, bool chat, ulong seed)
{
    public async Task<GenerationOutput> GenerateAsync(string prompt, IReadOnlyList<string> until, int maxTokens, CancellationToken cancel)
    {
        var tokens = chat ? await tokenizer.EncodeChatAsync(prompt, cancel) : await tokenizer.EncodeAsync(prompt, cancel);
        var (ids, fitted) = ContextEncoding.FitGeneration(tokens.Ids, maxTokens, tokens.MaxModelLen);
        if (chat && ids.Length < tokens.Ids.Length)
            throw new UserErrorException($"a chat prompt of {tokens.Ids.Length} tokens leaves no room to answer in the server's {tokens.MaxModelLen}-token context; use fewer shots or a shorter --max-tokens");
        var body = new JsonObject
        {
            ["max_tokens"] = fitted,
            ["temperature"] = 0,
            ["stop"] = new JsonArray(until.Select(s => (JsonNode)s).ToArray()),
            ["seed"] = seed,
        };
        if (chat)
            body["messages"] = ServerTokenizer.ChatMessages(prompt);
        else
            body["prompt"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray());
        var path = chat ? "/v1/chat/completions" : "/v1/completions";
        var json = await client.PostAsync(path, body, cancel);
        var choice = json["choices"]?[0] ?? throw new UserErrorException($"{client.BaseUrl}{path} answered without choices");
        var text = chat ? choice["message"]?["content"] : choice["text"];
        var output = text is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        return new GenerationOutput(ContextEncoding.CutAtStop(output, until), ids.Length, fitted, choice["finish_reason"]?.GetValue<string>());
    }
}

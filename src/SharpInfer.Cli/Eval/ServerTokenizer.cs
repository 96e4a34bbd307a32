using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// The served model's own tokenizer through vLLM's <c>/tokenize</c> (which sharpinfer serve has too): lm_eval
/// tokenizes contexts and continuations itself, without special tokens, and sends token ids.
/// </summary>
internal sealed class ServerTokenizer(EvalClient client)
{
    /// <summary>The token ids of <paramref name="text"/> (no BOS), and the server's context length when it says.</summary>
    public Task<Tokenized> EncodeAsync(string text, CancellationToken cancel) =>
        TokenizeAsync(new JsonObject { ["prompt"] = text, ["add_special_tokens"] = false }, cancel);

    /// <summary>The token ids of one user message rendered by the model's chat template, with the generation prompt.</summary>
    public Task<Tokenized> EncodeChatAsync(string userMessage, CancellationToken cancel) =>
        TokenizeAsync(new JsonObject { ["messages"] = ChatMessages(userMessage), ["add_generation_prompt"] = true }, cancel);

    public static JsonArray ChatMessages(string userMessage) => [new JsonObject { ["role"] = "user", ["content"] = userMessage }];

    private async Task<Tokenized> TokenizeAsync(JsonObject body, CancellationToken cancel)
    {
        var reply = await client.SendAsync("/tokenize", body, cancel);
        // A 404 about the model (a wrong --model) is the server's to explain; any other 404 is a missing route.
        if (reply.Status == 404 && !reply.ErrorMessage.Contains("model", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserErrorException($"{client.BaseUrl}/tokenize is not found: eval splits contexts and continuations into the model's tokens as lm_eval does, " +
                "through vLLM's /tokenize endpoint (sharpinfer serve and vllm serve have it); point --base-url at such a server");
        }
        if (!reply.Ok)
            throw new UserErrorException($"{client.BaseUrl}/tokenize answered {reply.Status}: {reply.ErrorMessage}");
        if (reply.Json?["tokens"] is not JsonArray tokens)
            throw new UserErrorException($"{client.BaseUrl}/tokenize answered without a 'tokens' list");
        var maxModelLen = reply.Json["max_model_len"] is JsonValue v && v.TryGetValue<int>(out var len) ? len : (int?)null;
        return new Tokenized(tokens.Select(t => t!.GetValue<int>()).ToArray(), maxModelLen);
    }
}

using System.Text.Json.Nodes;

namespace SharpInfer.Server.Tests;

/// <summary>Request bodies the tests share.</summary>
internal static class Requests
{
    /// <summary>A greedy /v1/completions body that always generates exactly <paramref name="maxTokens"/> tokens.</summary>
    public static JsonObject GreedyCompletion(string prompt, int maxTokens, bool stream = false) => new()
    {
        ["prompt"] = prompt,
        ["max_tokens"] = maxTokens,
        ["temperature"] = 0,
        ["ignore_eos"] = true,
        ["stream"] = stream,
    };

    /// <summary>A greedy /v1/chat/completions body with one user message.</summary>
    public static JsonObject GreedyChat(string userMessage, int maxTokens, bool stream = false) => GreedyChat(
        new JsonArray(new JsonObject { ["role"] = "user", ["content"] = userMessage }), maxTokens, stream);

    public static JsonObject GreedyChat(JsonArray messages, int maxTokens, bool stream = false) => new()
    {
        ["messages"] = messages.DeepClone(),
        ["max_tokens"] = maxTokens,
        ["temperature"] = 0,
        ["ignore_eos"] = true,
        ["stream"] = stream,
    };
}

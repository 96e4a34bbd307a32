using System.Text;
using System.Text.Json.Nodes;
using SharpInfer.Engine;
using SharpInfer.Tokenization;

namespace SharpInfer.Server.Endpoints;

/// <summary>Chat-shaped log-probabilities: <c>{"content":[{"token","logprob","bytes","top_logprobs":[...]}]}</c>.</summary>
internal static class ChatLogprobs
{
    public static JsonArray Entries(Tokenizer tokenizer, IEnumerable<TokenLogprob> logprobs, int topCount) =>
        new(logprobs.Select(step =>
        {
            var entry = Entry(tokenizer, step.TokenId, step.Logprob);
            entry["top_logprobs"] = new JsonArray(step.Top.Take(topCount).Select(t => (JsonNode)Entry(tokenizer, t.TokenId, t.Logprob)).ToArray());
            return (JsonNode)entry;
        }).ToArray());

    private static JsonObject Entry(Tokenizer tokenizer, int id, float logprob)
    {
        var text = tokenizer.Decode([id]);
        return new JsonObject
        {
            ["token"] = text,
            ["logprob"] = logprob,
            ["bytes"] = new JsonArray(Encoding.UTF8.GetBytes(text).Select(b => (JsonNode)(int)b).ToArray()),
        };
    }
}

using System.Text;
using System.Text.Json.Nodes;
using SharpInfer.Engine;
using SharpInfer.Tokenization;

namespace SharpInfer.Server.Endpoints;

/// <summary>One choice's chat-shaped log-probabilities: <c>{"content":[{"token","logprob","bytes","top_logprobs":[...]}]}</c>.</summary>
internal sealed class ChatLogprobs(Tokenizer tokenizer, IReadOnlyList<int> promptIds, int topCount)
{
    private readonly TokenTexts _texts = new(tokenizer, promptIds);

    /// <summary>Entries for the next generated tokens.</summary>
    public JsonArray Entries(IEnumerable<TokenLogprob> logprobs)
    {
        var entries = new JsonArray();
        foreach (var step in logprobs)
        {
            var entry = Entry(step.TokenId, step.Logprob);
            entry["top_logprobs"] = new JsonArray(step.Top.Take(topCount).Select(t => (JsonNode)Entry(t.TokenId, t.Logprob)).ToArray());
            entries.Add(entry);
            _texts.Push(step.TokenId);
        }
        return entries;
    }

    private JsonObject Entry(int id, float logprob)
    {
        var text = _texts.Of(id);
        return new JsonObject
        {
            ["token"] = text,
            ["logprob"] = logprob,
            ["bytes"] = new JsonArray(Encoding.UTF8.GetBytes(text).Select(b => (JsonNode)(int)b).ToArray()),
        };
    }
}

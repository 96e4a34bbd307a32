using System.Text.Json.Nodes;
using SharpInfer.Engine;
using SharpInfer.Tokenization;

namespace SharpInfer.Server.Endpoints;

/// <summary>
/// The legacy completions <c>logprobs</c> object: <c>tokens</c>, <c>token_logprobs</c>, <c>top_logprobs</c>
/// (token text → log-probability) and <c>text_offset</c> (each token's character offset in the choice's text).
/// </summary>
/// <param name="context">Token ids before the first token this object reports (the prompt, unless it is echoed).</param>
internal sealed class CompletionLogprobs(Tokenizer tokenizer, int textOffset, IEnumerable<int> context)
{
    private readonly TokenTexts _texts = new(tokenizer, context);
    private readonly JsonArray _tokens = [];
    private readonly JsonArray _tokenLogprobs = [];
    private readonly JsonArray _topLogprobs = [];
    private readonly JsonArray _textOffset = [];
    private int _offset = textOffset;

    /// <summary>Prompt tokens for <c>echo</c>: the first has no log-probability.</summary>
    public void AddPrompt(IReadOnlyList<int> promptIds, IReadOnlyList<float?> promptLogprobs)
    {
        for (var i = 0; i < promptIds.Count; i++)
        {
            var logprob = i < promptLogprobs.Count ? promptLogprobs[i] : null;
            Add(promptIds[i], logprob, logprob is { } lp ? new JsonObject { [_texts.Of(promptIds[i])] = lp } : null);
        }
    }

    public void AddGenerated(IEnumerable<TokenLogprob> logprobs)
    {
        foreach (var step in logprobs)
        {
            var top = new JsonObject();
            foreach (var (id, logprob) in step.Top)
                top[_texts.Of(id)] ??= logprob;
            Add(step.TokenId, step.Logprob, top);
        }
    }

    public JsonObject ToJson() => new()
    {
        ["tokens"] = _tokens.DeepClone(),
        ["token_logprobs"] = _tokenLogprobs.DeepClone(),
        ["top_logprobs"] = _topLogprobs.DeepClone(),
        ["text_offset"] = _textOffset.DeepClone(),
    };

    /// <summary>Returns what was added since the last call (a streaming chunk's share) and starts afresh.</summary>
    public JsonObject TakeChunk()
    {
        var chunk = ToJson();
        _tokens.Clear();
        _tokenLogprobs.Clear();
        _topLogprobs.Clear();
        _textOffset.Clear();
        return chunk;
    }

    private void Add(int id, float? logprob, JsonObject? top)
    {
        var text = _texts.Of(id);
        _texts.Push(id);
        _tokens.Add(text);
        _tokenLogprobs.Add(logprob is { } lp ? JsonValue.Create(lp) : null);
        _topLogprobs.Add(top);
        _textOffset.Add(_offset);
        _offset += text.Length;
    }
}

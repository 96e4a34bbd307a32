using System.Text.Json.Nodes;

namespace SharpInfer.Server.Endpoints;

/// <summary>Token counts of a request, OpenAI's <c>usage</c> object.</summary>
internal sealed class Usage
{
    private readonly Dictionary<int, int> _promptTokens = [];

    public int CompletionTokens { get; private set; }

    public void Count(Generation.ChoiceEvent choiceEvent, int numChoicesPerPrompt)
    {
        _promptTokens[choiceEvent.Index / numChoicesPerPrompt] = choiceEvent.PromptTokens;
        CompletionTokens += choiceEvent.TokenIds.Count;
    }

    public JsonObject ToJson()
    {
        var prompt = _promptTokens.Values.Sum();
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = CompletionTokens, ["total_tokens"] = prompt + CompletionTokens };
    }
}

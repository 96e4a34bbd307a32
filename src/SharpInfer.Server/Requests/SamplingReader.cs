using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Engine;

namespace SharpInfer.Server.Requests;

/// <summary>The sampling fields shared by /v1/completions and /v1/chat/completions, checked as OpenAI and vLLM check them.</summary>
internal static class SamplingReader
{
    public static SamplingParams Read(RequestBody body, int maxTokens, int vocabSize)
    {
        var logitBias = LogitBias(body.Node("logit_bias"), vocabSize);
        var minTokens = body.Int("min_tokens", 0, int.MaxValue) ?? 0;
        if (minTokens > maxTokens)
            throw OpenAiException.BadRequest($"'min_tokens' ({minTokens}) must be at most max_tokens ({maxTokens})", "min_tokens");
        var sampling = new SamplingParams
        {
            N = body.Int("n", 1, 128) ?? 1,
            Temperature = (float)(body.Number("temperature", 0, double.MaxValue) ?? 1),
            TopP = (float)(body.Number("top_p", 0, 1, minExclusive: true) ?? 1),
            TopK = body.Int("top_k", -1, int.MaxValue) ?? 0,
            MinP = (float)(body.Number("min_p", 0, 1) ?? 0),
            PresencePenalty = (float)(body.Number("presence_penalty", -2, 2) ?? 0),
            FrequencyPenalty = (float)(body.Number("frequency_penalty", -2, 2) ?? 0),
            RepetitionPenalty = (float)(body.Number("repetition_penalty", 0, 100, minExclusive: true) ?? 1),
            Seed = body.Number("seed", long.MinValue, long.MaxValue) is { } seed ? unchecked((ulong)(long)seed) : null,
            IgnoreEos = body.Bool("ignore_eos") ?? false,
            MinTokens = minTokens,
            StopTokenIds = Ids(body.Node("stop_token_ids"), "stop_token_ids", vocabSize),
            LogitBias = logitBias,
            MaxTokens = maxTokens,
        };
        try
        {
            // Everything the engine would refuse is refused here, before a stream's 200 goes out.
            sampling.Validate(vocabSize);
        }
        catch (Core.UserErrorException e)
        {
            throw OpenAiException.BadRequest(e.Message);
        }
        return sampling;
    }

    /// <summary><c>stop</c>: a string or a list of strings, matched in the output text.</summary>
    public static IReadOnlyList<string> StopStrings(RequestBody body) => body.Node("stop") switch
    {
        null => [],
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? [] : [s],
        JsonArray a when a.All(x => x is JsonValue xv && xv.TryGetValue<string>(out _)) => a.Select(x => x!.GetValue<string>()).Where(s => s.Length > 0).ToArray(),
        _ => throw OpenAiException.BadRequest("'stop' must be a string or a list of strings", "stop"),
    };

    private static Dictionary<int, float>? LogitBias(JsonNode? node, int vocabSize)
    {
        if (node is null)
            return null;
        if (node is not JsonObject obj)
            throw OpenAiException.BadRequest("'logit_bias' must be an object of token id → bias", "logit_bias");
        var bias = new Dictionary<int, float>();
        foreach (var (key, value) in obj)
        {
            if (!int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) || id < 0 || id >= vocabSize)
                throw OpenAiException.BadRequest($"'logit_bias' key '{key}' is not a token id in 0..{vocabSize - 1}", "logit_bias");
            if (value is not JsonValue v || !v.TryGetValue<double>(out var b) || b < -100 || b > 100)
                throw OpenAiException.BadRequest($"'logit_bias[{key}]' must be a number in [-100, 100]", "logit_bias");
            bias[id] = (float)b;
        }
        return bias;
    }

    private static int[] Ids(JsonNode? node, string name, int vocabSize)
    {
        if (node is null)
            return [];
        if (node is not JsonArray array)
            throw OpenAiException.BadRequest($"'{name}' must be a list of token ids", name);
        return array.Select(x => x is JsonValue v && v.TryGetValue<int>(out var id) && id >= 0 && id < vocabSize
            ? id
            : throw OpenAiException.BadRequest($"'{name}' must hold token ids in 0..{vocabSize - 1}", name)).ToArray();
    }
}

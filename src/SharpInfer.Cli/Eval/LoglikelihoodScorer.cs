using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// Log-likelihoods of continuations as lm_eval computes them through /v1/completions: context and
/// context + continuation are tokenized, context tokens + continuation tokens are sent with echo, logprobs and
/// max_tokens 0, and the continuation's log-likelihood is the sum of its tokens' prompt logprobs.
/// </summary>
internal sealed class LoglikelihoodScorer(EvalClient client, ServerTokenizer tokenizer, ulong seed)
{
    private const string EchoHelp = "log-likelihood tasks need /v1/completions with echo=true and logprobs returning the prompt's token logprobs (as vLLM and sharpinfer serve do)";

    // 0 as vLLM allows with echo; 1 (lm_eval's own value, the generated token being ignored) for a server refusing 0.
    private int _maxTokens;

    /// <summary>One log-likelihood per continuation, in order, with the token counts scored.</summary>
    public async Task<IReadOnlyList<ScoredContinuation>> ScoreAsync(string context, IReadOnlyList<string> continuations, CancellationToken cancel)
    {
        var inputs = new List<(int[] Input, int ContextLength)>(continuations.Count);
        var contexts = new Dictionary<string, Tokenized>(StringComparer.Ordinal);
        foreach (var continuation in continuations)
        {
            var (ctx, cont) = ContextEncoding.SplitTrailingWhitespace(context, continuation);
            if (!contexts.TryGetValue(ctx, out var contextTokens))
                contexts[ctx] = contextTokens = await tokenizer.EncodeAsync(ctx, cancel);
            var whole = await tokenizer.EncodeAsync(ctx + cont, cancel);
            var contIds = ContextEncoding.ContinuationTokens(contextTokens.Ids, whole.Ids);
            if (contIds.Length == 0)
                throw new UserErrorException($"the continuation '{cont}' adds no tokens to its context; it cannot be scored");
            // The server runs one step after the prompt even with max_tokens 0, so the prompt may use all but one position.
            inputs.Add(ContextEncoding.Truncate(contextTokens.Ids, contIds, whole.MaxModelLen - 1));
        }
        var choices = await RequestAsync(inputs, cancel);
        return inputs.Select((input, i) =>
        {
            var logprobs = choices[i];
            if (input.ContextLength < 1 || logprobs.Count < input.Input.Length)
                throw new UserErrorException($"{client.BaseUrl}/v1/completions returned {logprobs.Count} prompt logprobs for a {input.Input.Length}-token prompt; {EchoHelp}");
            var sum = 0.0;
            for (var t = input.ContextLength; t < input.Input.Length; t++)
                sum += logprobs[t] ?? throw new UserErrorException($"{client.BaseUrl}/v1/completions returned no logprob for prompt token {t}; {EchoHelp}");
            return new ScoredContinuation(sum, input.Input.Length - input.ContextLength, input.ContextLength);
        }).ToList();
    }

    /// <summary>One request for all continuations (a list of token-id prompts); returns each choice's token_logprobs.</summary>
    private async Task<IReadOnlyList<double?>[]> RequestAsync(List<(int[] Input, int ContextLength)> inputs, CancellationToken cancel)
    {
        while (true)
        {
            var maxTokens = Volatile.Read(ref _maxTokens);
            var body = new JsonObject
            {
                ["prompt"] = new JsonArray(inputs.Select(i => (JsonNode)new JsonArray(i.Input.Select(id => (JsonNode)id).ToArray())).ToArray()),
                ["echo"] = true,
                ["logprobs"] = 1,
                ["max_tokens"] = maxTokens,
                ["temperature"] = 0,
                ["seed"] = seed,
            };
            var reply = await client.SendAsync("/v1/completions", body, cancel);
            if (reply.Status == 400 && maxTokens == 0 && reply.ErrorMessage.Contains("max_tokens", StringComparison.OrdinalIgnoreCase))
            {
                Volatile.Write(ref _maxTokens, 1);
                continue;
            }
            if (!reply.Ok)
            {
                var echoProblem = reply.ErrorMessage.Contains("echo", StringComparison.OrdinalIgnoreCase) || reply.ErrorMessage.Contains("logprobs", StringComparison.OrdinalIgnoreCase);
                throw new UserErrorException(string.Create(CultureInfo.InvariantCulture,
                    $"{client.BaseUrl}/v1/completions answered {reply.Status}: {reply.ErrorMessage}{(echoProblem ? "; " + EchoHelp : "")}"));
            }
            var result = new IReadOnlyList<double?>[inputs.Count];
            if (reply.Json?["choices"] is not JsonArray choices)
                throw new UserErrorException($"{client.BaseUrl}/v1/completions answered without 'choices'");
            foreach (var choice in choices)
            {
                var index = choice?["index"] is JsonValue v && v.TryGetValue<int>(out var k) && k >= 0 && k < inputs.Count ? k : -1;
                if (index < 0 || choice!["logprobs"]?["token_logprobs"] is not JsonArray tokenLogprobs)
                    throw new UserErrorException($"{client.BaseUrl}/v1/completions answered without prompt logprobs; {EchoHelp}");
                result[index] = tokenLogprobs.Select(x => x is JsonValue value && value.TryGetValue<double>(out var lp) ? lp : (double?)null).ToList();
            }
            if (result.Any(r => r is null))
                throw new UserErrorException($"{client.BaseUrl}/v1/completions answered {choices.Count} choices for {inputs.Count} prompts");
            return result;
        }
    }
}

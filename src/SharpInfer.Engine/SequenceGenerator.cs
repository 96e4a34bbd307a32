using SharpInfer.Models;

namespace SharpInfer.Engine;

/// <summary>
/// Generates one sequence: a prefill of the whole prompt, then one token per step until max tokens or a
/// stop id. The batching engine replaces this for serving; the CLI uses it for single requests.
/// </summary>
public sealed class SequenceGenerator(LlamaModel model)
{
    /// <param name="onToken">Called with each token as soon as it is chosen (for streaming).</param>
    public GenerationResult Generate(IReadOnlyList<int> promptIds, GenerationOptions options, Action<int>? onToken = null)
    {
        if (promptIds.Count == 0)
            throw new Core.UserErrorException("the prompt is empty; give at least one token");
        var vocab = model.Config.VocabSize;
        var capacity = promptIds.Count + options.MaxTokens;
        var cache = model.CreateKvCache(capacity);
        var sampler = new TokenSampler(options.Temperature, options.Seed);

        // Prefill: logits for every prompt position when scoring the prompt, else only the last.
        var n = promptIds.Count;
        var logitRows = options.PromptLogprobs ? Enumerable.Range(0, n).ToArray() : [n - 1];
        var logits = new float[logitRows.Length * vocab];
        var positions = Enumerable.Range(0, n).ToArray();
        model.Forward(new ForwardBatch(promptIds.ToArray(), positions, logitRows), cache, logits);

        var logProbs = new float[vocab];
        List<float?>? promptLogprobs = null;
        if (options.PromptLogprobs)
        {
            promptLogprobs = [null];
            for (var j = 1; j < n; j++)
            {
                LogprobMath.LogSoftmax(logits.AsSpan((j - 1) * vocab, vocab), logProbs);
                promptLogprobs.Add(logProbs[promptIds[j]]);
            }
        }

        var next = logits.AsSpan((logitRows.Length - 1) * vocab, vocab).ToArray();
        var tokens = new List<int>();
        var tokenLogprobs = new List<TokenLogprob>();
        int[] lastRow = [0];
        for (var step = 0; step < options.MaxTokens; step++)
        {
            LogprobMath.LogSoftmax(next, logProbs);
            var token = sampler.Sample(next);
            tokens.Add(token);
            onToken?.Invoke(token);
            tokenLogprobs.Add(new TokenLogprob(token, logProbs[token], LogprobMath.TopK(logProbs, options.TopLogprobs)));
            if (options.StopTokenIds.Contains(token) || step == options.MaxTokens - 1)
                break;
            model.Forward(new ForwardBatch([token], [n + step], lastRow), cache, next);
        }
        return new GenerationResult(tokens, tokenLogprobs, promptLogprobs);
    }
}

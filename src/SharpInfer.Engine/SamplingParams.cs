using SharpInfer.Core;

namespace SharpInfer.Engine;

/// <summary>
/// How a request's tokens are chosen and when it stops; the names and defaults follow vLLM's
/// <c>SamplingParams</c> (and so the OpenAI API).
/// </summary>
public sealed record SamplingParams
{
    /// <summary>Completions generated for the prompt; siblings share the prompt's KV blocks.</summary>
    public int N { get; init; } = 1;

    /// <summary>0 means greedy (argmax; ties go to the lowest id).</summary>
    public float Temperature { get; init; } = 1f;

    public float TopP { get; init; } = 1f;

    /// <summary>0 (or -1) disables top-k.</summary>
    public int TopK { get; init; }

    public float MinP { get; init; }

    /// <summary>&gt; 1 discourages tokens already in the prompt or output (CTRL-style: divide positive logits, multiply negative).</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Subtracted once from the logit of every token already generated.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>Subtracted from a token's logit once per time it was generated.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>Added to the logits of the given token ids before sampling.</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>Seed of this request's own generator: the same seed gives the same output whatever else runs.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Extra ids that end generation (the id is kept in the output).</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Keep generating past the model's eos ids.</summary>
    public bool IgnoreEos { get; init; }

    public int MaxTokens { get; init; } = 16;

    /// <summary>Stop ids and eos are masked out until this many tokens were generated.</summary>
    public int MinTokens { get; init; }

    /// <summary>Top alternatives reported per generated token: null none, 0 only the chosen token.</summary>
    public int? Logprobs { get; init; }

    /// <summary>Report log p(prompt[j] | prompt[..j]) for every prompt token (disables prefix-cache reuse for the request).</summary>
    public bool PromptLogprobs { get; init; }

    /// <summary>Throws <see cref="UserErrorException"/> naming the first invalid field.</summary>
    public void Validate(int vocabSize)
    {
        Check(N >= 1, $"n must be at least 1, got {N}");
        Check(float.IsFinite(Temperature) && Temperature >= 0, $"temperature must be >= 0, got {Temperature}");
        Check(TopP > 0 && TopP <= 1, $"top_p must be in (0, 1], got {TopP}");
        Check(TopK >= -1, $"top_k must be -1, 0 (disabled) or positive, got {TopK}");
        Check(MinP >= 0 && MinP <= 1, $"min_p must be in [0, 1], got {MinP}");
        Check(RepetitionPenalty > 0 && float.IsFinite(RepetitionPenalty), $"repetition_penalty must be > 0, got {RepetitionPenalty}");
        Check(PresencePenalty is >= -2 and <= 2, $"presence_penalty must be in [-2, 2], got {PresencePenalty}");
        Check(FrequencyPenalty is >= -2 and <= 2, $"frequency_penalty must be in [-2, 2], got {FrequencyPenalty}");
        Check(MaxTokens >= 1, $"max_tokens must be at least 1, got {MaxTokens}");
        Check(MinTokens >= 0 && MinTokens <= MaxTokens, $"min_tokens must be in [0, max_tokens={MaxTokens}], got {MinTokens}");
        Check(Logprobs is null or >= 0, $"logprobs must be >= 0, got {Logprobs}");
        Check(Logprobs is null || Logprobs <= vocabSize, $"logprobs must be at most the vocabulary size {vocabSize}, got {Logprobs}");
        foreach (var id in StopTokenIds)
            Check(id >= 0 && id < vocabSize, $"stop_token_ids: {id} is not a token id in 0..{vocabSize - 1}");
        if (LogitBias is not null)
        {
            foreach (var (id, bias) in LogitBias)
            {
                Check(id >= 0 && id < vocabSize, $"logit_bias: {id} is not a token id in 0..{vocabSize - 1}");
                Check(float.IsFinite(bias), $"logit_bias[{id}] must be a finite number");
            }
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
            throw new UserErrorException(message);
    }
}

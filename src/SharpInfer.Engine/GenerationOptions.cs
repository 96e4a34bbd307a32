namespace SharpInfer.Engine;

/// <summary>How one sequence is generated: length, sampling, and which log-probabilities to report.</summary>
public sealed record GenerationOptions
{
    public int MaxTokens { get; init; } = 16;

    /// <summary>0 means greedy (argmax; ties go to the lowest id).</summary>
    public float Temperature { get; init; }

    /// <summary>Seed of the per-request generator used when sampling with temperature &gt; 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>How many top alternatives to report per generated token (0 = only the chosen token's).</summary>
    public int TopLogprobs { get; init; }

    public bool PromptLogprobs { get; init; }

    /// <summary>Generation stops after emitting any of these ids (the id itself is kept in the output).</summary>
    public IReadOnlySet<int> StopTokenIds { get; init; } = new HashSet<int>();
}

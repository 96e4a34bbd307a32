namespace SharpInfer.Core;

/// <summary>
/// <c>rope_scaling</c> from config.json. <see cref="Type"/> is one of <c>default</c>, <c>linear</c>,
/// <c>dynamic</c>, <c>llama3</c>, <c>yarn</c>; unused fields keep their Hugging Face defaults.
/// </summary>
public sealed record RopeScalingConfig
{
    public required string Type { get; init; }
    public double Factor { get; init; } = 1.0;

    // llama3
    public double LowFreqFactor { get; init; } = 1.0;
    public double HighFreqFactor { get; init; } = 4.0;

    /// <summary>Context length the model was trained with before scaling (llama3, yarn, dynamic).</summary>
    public int? OriginalMaxPositionEmbeddings { get; init; }

    // yarn
    public double BetaFast { get; init; } = 32.0;
    public double BetaSlow { get; init; } = 1.0;
    public double? Mscale { get; init; }
    public double? MscaleAllDim { get; init; }

    /// <summary>yarn's explicit attention scaling override (<c>attention_factor</c>), if given.</summary>
    public double? AttentionFactor { get; init; }
}

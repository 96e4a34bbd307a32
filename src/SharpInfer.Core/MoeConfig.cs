namespace SharpInfer.Core;

/// <summary>
/// DeepSeek-style Mixture-of-Experts: which layers are MoE, how the router scores and picks experts, and
/// the shared experts every token also runs through.
/// </summary>
public sealed record MoeConfig
{
    public required int NumRoutedExperts { get; init; }
    public required int NumExpertsPerToken { get; init; }
    public required int MoeIntermediateSize { get; init; }
    public int NumSharedExperts { get; init; }

    /// <summary>Layers below this index keep a dense MLP (<c>first_k_dense_replace</c>).</summary>
    public int FirstKDenseReplace { get; init; }

    /// <summary>Every <c>moe_layer_freq</c>-th layer (from the first MoE layer on) is MoE.</summary>
    public int MoeLayerFreq { get; init; } = 1;
    public int NumGroups { get; init; } = 1;
    public int TopKGroups { get; init; } = 1;

    /// <summary><c>greedy</c>, <c>group_limited_greedy</c> or <c>noaux_tc</c>.</summary>
    public required string TopKMethod { get; init; }

    /// <summary><c>softmax</c> or <c>sigmoid</c>.</summary>
    public required string ScoringFunc { get; init; }
    public bool NormTopKProb { get; init; }
    public double RoutedScalingFactor { get; init; } = 1.0;

    /// <summary>Whether decoder layer <paramref name="layer"/> has experts (as Hugging Face's DeepseekV3DecoderLayer decides).</summary>
    public bool IsMoeLayer(int layer) => layer >= FirstKDenseReplace && layer % MoeLayerFreq == 0;
}

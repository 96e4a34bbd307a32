namespace SharpInfer.Core;

/// <summary>
/// The architecture facts of a decoder-only transformer, parsed once from config.json (or built for
/// tests). Immutable; everything the model code needs to shape its weights and run a forward pass.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>config.json <c>model_type</c>: <c>llama</c>, <c>qwen2</c>, <c>qwen3</c>, <c>deepseek_v2</c>, <c>deepseek_v3</c>, <c>kimi_k2</c>.</summary>
    public required string ModelType { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }

    /// <summary>Per-head dimension; config <c>head_dim</c> or hidden_size / num_attention_heads.</summary>
    public required int HeadDim { get; init; }
    public required int VocabSize { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000.0;
    public RopeScalingConfig? RopeScaling { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public bool TieWordEmbeddings { get; init; }

    /// <summary>Bias on q/k/v projections (Qwen2, or Llama's <c>attention_bias</c>).</summary>
    public bool AttentionBias { get; init; }

    /// <summary>Per-head RMSNorm on queries and keys before RoPE (Qwen3).</summary>
    public bool QkNorm { get; init; }

    /// <summary>config.json <c>hidden_act</c>; only <c>silu</c> is supported by the Llama family.</summary>
    public string HiddenAct { get; init; } = "silu";
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>Multi-head latent attention (DeepSeek families); null for standard attention.</summary>
    public MlaConfig? Mla { get; init; }

    /// <summary>Mixture-of-Experts layers (DeepSeek families); null for a dense model.</summary>
    public MoeConfig? Moe { get; init; }

    /// <summary>config.json <c>torch_dtype</c>, the precision the weights were published in.</summary>
    public DType? TorchDtype { get; init; }
}

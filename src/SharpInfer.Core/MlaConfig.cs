namespace SharpInfer.Core;

/// <summary>
/// Multi-head latent attention (DeepSeek-V2/V3): keys and values are expanded per head from a shared
/// <see cref="KvLoraRank"/>-wide latent, plus one <see cref="QkRopeHeadDim"/>-wide rotary key shared by all heads.
/// </summary>
public sealed record MlaConfig
{
    /// <summary>Rank of the query LoRA (<c>q_a_proj</c>/<c>q_b_proj</c>); null means a plain <c>q_proj</c>.</summary>
    public int? QLoraRank { get; init; }
    public required int KvLoraRank { get; init; }
    public required int QkNopeHeadDim { get; init; }
    public required int QkRopeHeadDim { get; init; }
    public required int VHeadDim { get; init; }

    /// <summary>Per-head query/key width: the position-free part plus the rotary part.</summary>
    public int QHeadDim => QkNopeHeadDim + QkRopeHeadDim;

    /// <summary>Values one token stores per layer in the latent KV cache.</summary>
    public int LatentWidth => KvLoraRank + QkRopeHeadDim;
}

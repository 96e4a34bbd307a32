namespace SharpInfer.Models.Deepseek;

/// <summary>One DeepSeek decoder layer: MLA, then a dense MLP or an MoE block. H = hidden.</summary>
public sealed class DeepseekLayerWeights
{
    public required float[] InputNorm { get; init; }            // input_layernorm.weight           [H]
    public required MlaWeights Attention { get; init; }         // self_attn.*
    public required float[] PostAttentionNorm { get; init; }    // post_attention_layernorm.weight  [H]
    public required MlpWeights? Mlp { get; init; }              // mlp.* (dense layers; else null)
    public required MoeWeights? Moe { get; init; }              // mlp.* (MoE layers; else null)
}

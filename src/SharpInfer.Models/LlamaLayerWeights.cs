using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>
/// One decoder layer of the Llama family (Llama, Qwen2, Qwen3). H = hidden, hd = head_dim, I = intermediate.
/// Projections that read the same input are stacked into one matrix: one kernel call instead of three (or two).
/// </summary>
public sealed class LlamaLayerWeights
{
    public required float[] InputNorm { get; init; }            // input_layernorm.weight          [H]
    public required WeightMatrix QkvProj { get; init; }         // self_attn.{q,k,v}_proj.weight    [(heads + 2·kv_heads)·hd, H] stacked
    public required float[] QkvBias { get; init; }              // self_attn.{q,k,v}_proj.bias      [(heads + 2·kv_heads)·hd]    (Qwen2; else empty)
    public required float[] QNorm { get; init; }                // self_attn.q_norm.weight          [hd]           (Qwen3; else empty)
    public required float[] KNorm { get; init; }                // self_attn.k_norm.weight          [hd]           (Qwen3; else empty)
    public required WeightMatrix OProj { get; init; }           // self_attn.o_proj.weight          [H, heads·hd]
    public required float[] PostAttentionNorm { get; init; }    // post_attention_layernorm.weight  [H]
    public required WeightMatrix GateUpProj { get; init; }      // mlp.{gate,up}_proj.weight        [2·I, H] stacked
    public required WeightMatrix DownProj { get; init; }        // mlp.down_proj.weight             [H, I]
}

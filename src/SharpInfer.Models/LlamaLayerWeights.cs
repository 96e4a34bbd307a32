using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>One decoder layer of the Llama family (Llama, Qwen2, Qwen3). H = hidden, hd = head_dim, I = intermediate.</summary>
public sealed class LlamaLayerWeights
{
    public required float[] InputNorm { get; init; }            // input_layernorm.weight          [H]
    public required WeightMatrix QProj { get; init; }           // self_attn.q_proj.weight          [heads·hd, H]
    public required WeightMatrix KProj { get; init; }           // self_attn.k_proj.weight          [kv_heads·hd, H]
    public required WeightMatrix VProj { get; init; }           // self_attn.v_proj.weight          [kv_heads·hd, H]
    public required float[] QBias { get; init; }                // self_attn.q_proj.bias            [heads·hd]     (Qwen2; else empty)
    public required float[] KBias { get; init; }                // self_attn.k_proj.bias            [kv_heads·hd]  (Qwen2; else empty)
    public required float[] VBias { get; init; }                // self_attn.v_proj.bias            [kv_heads·hd]  (Qwen2; else empty)
    public required float[] QNorm { get; init; }                // self_attn.q_norm.weight          [hd]           (Qwen3; else empty)
    public required float[] KNorm { get; init; }                // self_attn.k_norm.weight          [hd]           (Qwen3; else empty)
    public required WeightMatrix OProj { get; init; }           // self_attn.o_proj.weight          [H, heads·hd]
    public required float[] PostAttentionNorm { get; init; }    // post_attention_layernorm.weight  [H]
    public required WeightMatrix GateProj { get; init; }        // mlp.gate_proj.weight             [I, H]
    public required WeightMatrix UpProj { get; init; }          // mlp.up_proj.weight               [I, H]
    public required WeightMatrix DownProj { get; init; }        // mlp.down_proj.weight             [H, I]
}

using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Models;

/// <summary>
/// All weights of a Llama-family model and the Hugging Face names they load from. Matrices are repacked
/// into kernel panels at load (BF16 stays BF16, F16 widens to F32); norms and biases become float32.
/// </summary>
public sealed class LlamaWeights
{
    public required WeightMatrix EmbedTokens { get; init; }     // model.embed_tokens.weight  [V, H]
    public required IReadOnlyList<LlamaLayerWeights> Layers { get; init; }
    public required float[] FinalNorm { get; init; }            // model.norm.weight          [H]
    public required WeightMatrix LmHead { get; init; }          // lm_head.weight             [V, H] (= embed_tokens when tied)

    /// <param name="int8">Loads the linear layers that are (or are to be) W8A8; null: all in floating point.</param>
    internal static LlamaWeights Load(ModelConfig config, ITensorSource source, Int8WeightReader? int8 = null)
    {
        int h = config.HiddenSize, hd = config.HeadDim, q = config.NumAttentionHeads * hd, kv = config.NumKeyValueHeads * hd;
        int inter = config.IntermediateSize, vocab = config.VocabSize;
        var loader = new WeightLoader(source, int8);
        var layers = new LlamaLayerWeights[config.NumHiddenLayers];
        for (var i = 0; i < layers.Length; i++)
        {
            var p = $"model.layers.{i}.";
            layers[i] = new LlamaLayerWeights
            {
                InputNorm = loader.Vector(p + "input_layernorm.weight", h),
                QkvProj = loader.Stacked([(p + "self_attn.q_proj.weight", q), (p + "self_attn.k_proj.weight", kv), (p + "self_attn.v_proj.weight", kv)], h),
                QkvBias = config.AttentionBias
                    ? [.. loader.Vector(p + "self_attn.q_proj.bias", q), .. loader.Vector(p + "self_attn.k_proj.bias", kv), .. loader.Vector(p + "self_attn.v_proj.bias", kv)]
                    : [],
                QNorm = config.QkNorm ? loader.Vector(p + "self_attn.q_norm.weight", hd) : [],
                KNorm = config.QkNorm ? loader.Vector(p + "self_attn.k_norm.weight", hd) : [],
                OProj = loader.Matrix(p + "self_attn.o_proj.weight", h, q),
                PostAttentionNorm = loader.Vector(p + "post_attention_layernorm.weight", h),
                GateUpProj = loader.Stacked([(p + "mlp.gate_proj.weight", inter), (p + "mlp.up_proj.weight", inter)], h),
                DownProj = loader.Matrix(p + "mlp.down_proj.weight", h, inter),
            };
        }
        var embed = loader.Matrix("model.embed_tokens.weight", vocab, h);
        return new LlamaWeights
        {
            EmbedTokens = embed,
            Layers = layers,
            FinalNorm = loader.Vector("model.norm.weight", h),
            LmHead = config.TieWordEmbeddings ? loader.TiedHead("lm_head.weight", embed) : loader.Matrix("lm_head.weight", vocab, h),
        };
    }
}

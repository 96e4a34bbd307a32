using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// All weights of a DeepSeek-V2/V3 (or Kimi-K2) model and the Hugging Face names they load from. Matrices
/// stay in the checkpoint's dtype (memory-mapped); norms, biases and the absorbed kv_b_proj are float32.
/// </summary>
public sealed class DeepseekWeights
{
    public required WeightMatrix EmbedTokens { get; init; }     // model.embed_tokens.weight  [V, H]
    public required IReadOnlyList<DeepseekLayerWeights> Layers { get; init; }
    public required float[] FinalNorm { get; init; }            // model.norm.weight          [H]
    public required WeightMatrix LmHead { get; init; }          // lm_head.weight             [V, H] (= embed_tokens when tied)

    public static DeepseekWeights Load(ModelConfig config, ITensorSource source)
    {
        int h = config.HiddenSize, vocab = config.VocabSize;
        var loader = new WeightLoader(source);
        var layers = new DeepseekLayerWeights[config.NumHiddenLayers];
        for (var i = 0; i < layers.Length; i++)
        {
            var p = $"model.layers.{i}.";
            var moe = config.Moe is { } m && m.IsMoeLayer(i);
            layers[i] = new DeepseekLayerWeights
            {
                InputNorm = loader.Vector(p + "input_layernorm.weight", h),
                Attention = MlaWeights.Load(loader, p + "self_attn.", config),
                PostAttentionNorm = loader.Vector(p + "post_attention_layernorm.weight", h),
                Mlp = moe ? null : MlpWeights.Load(loader, p + "mlp.", h, config.IntermediateSize),
                Moe = moe ? MoeWeights.Load(loader, p + "mlp.", h, config.Moe!) : null,
            };
        }
        var embed = loader.Matrix("model.embed_tokens.weight", vocab, h);
        return new DeepseekWeights
        {
            EmbedTokens = embed,
            Layers = layers,
            FinalNorm = loader.Vector("model.norm.weight", h),
            LmHead = config.TieWordEmbeddings ? embed : loader.Matrix("lm_head.weight", vocab, h),
        };
    }
}

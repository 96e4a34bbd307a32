using SharpInfer.Checkpoints;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// All weights of a DeepSeek-V2/V3 (or Kimi-K2) model and the Hugging Face names they load from. Matrices
/// stay in the checkpoint's dtype (memory-mapped) or are W8A8 int8 (stored so, or quantized at load); norms,
/// biases and the absorbed kv_b_proj are float32.
/// </summary>
public sealed class DeepseekWeights
{
    public required WeightMatrix EmbedTokens { get; init; }     // model.embed_tokens.weight  [V, H]
    public required IReadOnlyList<DeepseekLayerWeights> Layers { get; init; }
    public required float[] FinalNorm { get; init; }            // model.norm.weight          [H]
    public required WeightMatrix LmHead { get; init; }          // lm_head.weight             [V, H] (= embed_tokens when tied)

    internal static DeepseekWeights Load(ModelConfig config, ITensorSource source, Int8WeightReader? int8 = null)
    {
        int h = config.HiddenSize, vocab = config.VocabSize;
        var loader = new WeightLoader(source, int8);
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
            LmHead = config.TieWordEmbeddings ? loader.TiedHead("lm_head.weight", embed) : loader.Matrix("lm_head.weight", vocab, h),
        };
    }

    /// <summary>
    /// Bytes one decoded token streams as stored for the kernels: attention, the dense MLP or the router with
    /// top-k routed experts (experts are equal in size) and the shared experts, and lm_head.
    /// </summary>
    public long BytesReadPerToken(MoeConfig? moe)
    {
        long total = LmHead.BytesRead;
        foreach (var layer in Layers)
        {
            var a = layer.Attention;
            total += (a.QAProj?.BytesRead ?? 0) + a.QProj.BytesRead + a.KvAProj.BytesRead + a.OProj.BytesRead
                + a.KeyUpTransposed.Sum(m => m.BytesRead) + a.ValueUp.Sum(m => m.BytesRead);
            if (layer.Mlp is { } mlp)
                total += mlp.BytesRead;
            if (layer.Moe is { } block)
                total += block.Gate.BytesRead + moe!.NumExpertsPerToken * block.Experts[0].BytesRead + (block.SharedExperts?.BytesRead ?? 0);
        }
        return total;
    }
}

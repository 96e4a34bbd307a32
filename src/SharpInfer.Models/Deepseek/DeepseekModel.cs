using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// The DeepSeek-V2/V3 forward pass (also DeepSeek-R1 and Kimi-K2, which are DeepSeek-V3s): pre-norm
/// decoder layers of multi-head latent attention (latent KV cache, absorbed form, interleaved RoPE on the
/// rope part with optional YaRN) followed by a dense SwiGLU MLP (the first <c>first_k_dense_replace</c>
/// layers) or a Mixture-of-Experts block; float32 activations.
/// </summary>
public sealed class DeepseekModel : ICausalLm
{
    private readonly DeepseekWeights _weights;
    private readonly RotaryEmbedding _rope;
    private readonly MultiHeadLatentAttention _attention;
    private readonly MlaConfig _mla;
    private readonly float _eps;

    public DeepseekModel(ModelConfig config, DeepseekWeights weights)
    {
        if (config.HiddenAct != "silu")
            throw new UserErrorException($"hidden_act '{config.HiddenAct}' is not supported; DeepSeek models use silu");
        if (config.AttentionBias)
            throw new UserErrorException("attention_bias=true is not supported for DeepSeek models (their projections have no biases); set it to false");
        Config = config;
        _weights = weights;
        _mla = config.Mla ?? throw new ArgumentException("DeepseekModel needs an MLA config", nameof(config));
        _eps = (float)config.RmsNormEps;
        _rope = new RotaryEmbedding(config, _mla.QkRopeHeadDim);
        _attention = new MultiHeadLatentAttention(config, SoftmaxScale(config));
    }

    public ModelConfig Config { get; }

    /// <summary>One latent row per position and layer: (kv_lora_rank + qk_rope_head_dim) floats, no separate values.</summary>
    public PagedKvCache CreateKvCache(int numBlocks, int blockSize, DType dtype) =>
        dtype == DType.F32
            ? new(Config.NumHiddenLayers, _mla.LatentWidth, 0, numBlocks, blockSize, dtype)
            : throw new UserErrorException($"--kv-cache-dtype {dtype.SafetensorsName()} is not supported for MLA (DeepSeek) models yet; use float32");

    /// <summary>The latent cache is float32 only.</summary>
    public DType DefaultKvCacheDType => DType.F32;

    public long KvBytesPerBlock(int blockSize, DType dtype) => PagedKvCache.BytesPerBlock(Config.NumHiddenLayers, _mla.LatentWidth, 0, blockSize, dtype);

    /// <summary>Weights read per decoded token as packed (int8 where quantized), top-k routed experts counted.</summary>
    public long WeightBytesPerToken => _weights.BytesReadPerToken(Config.Moe);

    public DeepseekScratch CreateScratch() => new(Config, _rope.HalfDim);

    IForwardScratch ICausalLm.CreateScratch() => CreateScratch();

    void ICausalLm.Forward(ForwardBatch batch, PagedKvCache cache, IForwardScratch scratch, Span<float> logits) =>
        Forward(batch, cache, (DeepseekScratch)scratch, logits);

    public void Forward(ForwardBatch batch, PagedKvCache cache, DeepseekScratch scratch, Span<float> logits)
    {
        var t = batch.NumTokens;
        var h = Config.HiddenSize;
        var s = scratch;
        s.EnsureCapacity(t);
        var layout = s.Layout;
        layout.Fill(batch, cache);

        DecoderSteps.Embed(batch, layout, _weights.EmbedTokens, _rope, s.Hidden, s.Cos, s.Sin);

        for (var l = 0; l < _weights.Layers.Count; l++)
        {
            var layer = _weights.Layers[l];
            RmsNorm.ApplyRows(s.Hidden, t, layer.InputNorm, _eps, s.Normed);
            _attention.Forward(layer.Attention, s, cache.F32Keys[l], layout, t);
            DecoderSteps.AddResidual(s.Hidden, s.Proj, t * h);

            RmsNorm.ApplyRows(s.Hidden, t, layer.PostAttentionNorm, _eps, s.Normed);
            if (layer.Moe is { } moe)
                MoeBlock.Forward(moe, Config.Moe!, s.Moe, s.Normed, t, h, s.Proj);
            else
                SwiGlu.Forward(layer.Mlp!, s.Normed, t, s.Gate, s.Up, s.Proj);
            DecoderSteps.AddResidual(s.Hidden, s.Proj, t * h);
        }

        DecoderSteps.Logits(batch, s.Hidden, _weights.FinalNorm, _eps, s.Normed, _weights.LmHead, logits);
    }

    /// <summary>1/√d_q, times mscale² under YaRN with mscale_all_dim (DeepSeek's softmax_scale).</summary>
    private static float SoftmaxScale(ModelConfig config)
    {
        var scale = 1.0 / Math.Sqrt(config.Mla!.QHeadDim);
        if (config.RopeScaling is { Type: "yarn" } yarn && yarn.MscaleAllDim is { } all and not 0)
        {
            var mscale = RotaryEmbedding.YarnMscale(yarn.Factor, all);
            scale *= mscale * mscale;
        }
        return (float)scale;
    }
}

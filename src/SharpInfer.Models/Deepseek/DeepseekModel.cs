using System.Numerics.Tensors;
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

    public long KvBytesPerBlock(int blockSize, DType dtype) => PagedKvCache.BytesPerBlock(Config.NumHiddenLayers, _mla.LatentWidth, 0, blockSize, dtype);

    /// <summary>
    /// Estimated from the parameters a token activates (attention, dense or routed top-k plus shared experts,
    /// lm_head) at the packed element size: BF16 stays 2 bytes, F32 and F16 weights are 4.
    /// </summary>
    public long WeightBytesPerToken => ModelFootprint.Of(Config).ActiveParameters * (Config.TorchDtype is DType.F32 or DType.F16 ? 4 : 2);

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
        var layout = AttentionLayout.Of(batch, cache);
        var half = _rope.HalfDim;

        for (var i = 0; i < t; i++)
        {
            var id = batch.TokenIds[i];
            if ((uint)id >= (uint)Config.VocabSize)
                throw new UserErrorException($"token id {id} is outside the vocabulary (0..{Config.VocabSize - 1})");
            _weights.EmbedTokens.ReadRow(id, s.Hidden.AsSpan(i * h, h));
            _rope.Compute(batch.Positions[i], layout.SequenceLength(i), s.Cos.AsSpan(i * half, half), s.Sin.AsSpan(i * half, half));
        }

        for (var l = 0; l < _weights.Layers.Count; l++)
        {
            var layer = _weights.Layers[l];
            RmsNorm.ApplyRows(s.Hidden, t, layer.InputNorm, _eps, s.Normed);
            _attention.Forward(layer.Attention, s, cache.F32Keys[l], layout, t);
            Add(s.Hidden, s.Proj, t * h);

            RmsNorm.ApplyRows(s.Hidden, t, layer.PostAttentionNorm, _eps, s.Normed);
            if (layer.Moe is { } moe)
                MoeBlock.Forward(moe, Config.Moe!, s.Moe, s.Normed, t, h, s.Proj);
            else
                SwiGlu.Forward(layer.Mlp!, s.Normed, t, s.Gate, s.Up, s.Proj);
            Add(s.Hidden, s.Proj, t * h);
        }

        // Only the rows that are sampled or scored go through the final norm and lm_head.
        var rows = batch.LogitRows.Length;
        for (var r = 0; r < rows; r++)
            RmsNorm.Apply(s.Hidden.AsSpan(batch.LogitRows[r] * h, h), _weights.FinalNorm, _eps, s.Normed.AsSpan(r * h, h));
        Linear.Forward(s.Normed, rows, _weights.LmHead, [], logits[..(rows * Config.VocabSize)]);
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

    private static void Add(float[] accumulator, float[] addend, int count) =>
        TensorPrimitives.Add(accumulator.AsSpan(0, count), addend.AsSpan(0, count), accumulator.AsSpan(0, count));
}

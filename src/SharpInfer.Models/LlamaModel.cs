using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>
/// The Llama family forward pass: Llama (incl. llama3 RoPE scaling), Qwen2 (q/k/v bias) and Qwen3
/// (per-head q/k RMSNorm, explicit head_dim). Pre-norm decoder layers, rotate-half RoPE, grouped-query
/// attention, SwiGLU MLP, float32 activations.
/// </summary>
public sealed class LlamaModel : ICausalLm
{
    private readonly LlamaWeights _weights;
    private readonly RotaryEmbedding _rope;
    private readonly int _qDim;
    private readonly int _kvDim;
    private readonly float _eps;
    private readonly GroupedQueryAttention _attention;

    public LlamaModel(ModelConfig config, LlamaWeights weights)
    {
        if (config.HiddenAct != "silu")
            throw new UserErrorException($"hidden_act '{config.HiddenAct}' is not supported; the Llama family uses silu");
        Config = config;
        _weights = weights;
        _qDim = config.NumAttentionHeads * config.HeadDim;
        _kvDim = config.NumKeyValueHeads * config.HeadDim;
        _eps = (float)config.RmsNormEps;
        _rope = new RotaryEmbedding(config, config.HeadDim);
        _attention = new GroupedQueryAttention(config.NumAttentionHeads, config.NumKeyValueHeads, config.HeadDim, Environment.ProcessorCount);
    }

    public ModelConfig Config { get; }

    /// <summary>
    /// Weight bytes one decode step streams from memory, as packed for the kernels (every matrix once, the
    /// lm_head included; one embedding row and the norms are negligible). Bandwidth ÷ this is the decode roofline.
    /// </summary>
    public long WeightBytesPerToken =>
        _weights.Layers.Sum(l => l.QkvProj.BytesRead + l.OProj.BytesRead + l.GateUpProj.BytesRead + l.DownProj.BytesRead) + _weights.LmHead.BytesRead;

    /// <summary>
    /// F16 for 16-bit checkpoints: half the memory and attention bandwidth of float32. Not BF16: its 8-bit mantissa moves
    /// the 16-bit reference models' log-probabilities by up to 0.05, F16's 11 bits by under 0.01, inside the fixtures'
    /// tolerance. A float32 checkpoint keeps a float32 cache, so its outputs stay those of the float32 reference.
    /// </summary>
    public DType DefaultKvCacheDType => Config.TorchDtype is DType.F16 or DType.BF16 ? DType.F16 : DType.F32;

    public PagedKvCache CreateKvCache(int numBlocks, int blockSize, DType dtype) => new(Config.NumHiddenLayers, _kvDim, _kvDim, numBlocks, blockSize, dtype);

    /// <summary>Bytes of KV cache one block of <paramref name="blockSize"/> tokens takes.</summary>
    public long KvBytesPerBlock(int blockSize, DType dtype) => PagedKvCache.BytesPerBlock(Config.NumHiddenLayers, _kvDim, _kvDim, blockSize, dtype);

    /// <summary>Activation buffers for <see cref="Forward"/>: one per caller, so the weights can be shared by several engines.</summary>
    public ForwardScratch CreateScratch() => new(Config.HiddenSize, _qDim, _kvDim, Config.IntermediateSize, _rope.HalfDim);

    IForwardScratch ICausalLm.CreateScratch() => CreateScratch();

    void ICausalLm.Forward(ForwardBatch batch, PagedKvCache cache, IForwardScratch scratch, Span<float> logits) =>
        Forward(batch, cache, (ForwardScratch)scratch, logits);

    /// <summary>
    /// Runs the batch's tokens through the model, writing their keys and values into their sequences'
    /// blocks, and writes [batch.LogitRows.Length, vocab] logits.
    /// </summary>
    public void Forward(ForwardBatch batch, PagedKvCache cache, ForwardScratch scratch, Span<float> logits)
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
            SelfAttention(s, layer, cache, l, layout, t);
            DecoderSteps.AddResidual(s.Hidden, s.Proj, t * h);

            RmsNorm.ApplyRows(s.Hidden, t, layer.PostAttentionNorm, _eps, s.Normed);
            SwiGlu(s, layer, t);
            Linear.Forward(s.Gate, t, layer.DownProj, [], s.Proj);
            DecoderSteps.AddResidual(s.Hidden, s.Proj, t * h);
        }

        DecoderSteps.Logits(batch, s.Hidden, _weights.FinalNorm, _eps, s.Normed, _weights.LmHead, logits);
    }

    private void SelfAttention(ForwardScratch s, LlamaLayerWeights layer, PagedKvCache cache, int l, AttentionLayout layout, int t)
    {
        Linear.Forward(s.Normed, t, layer.QkvProj, layer.QkvBias, s.Qkv);
        // Every token's key and value is stored before any token attends, so a sequence may read blocks
        // another sequence of the same batch is filling (prefix-cache siblings). Tokens write distinct rows,
        // so they are prepared in parallel.
        var prepare = new PrepareTokens(this, s, layer, cache, l, layout);
        ParallelRows.For(t, TokensPerChunk, ref prepare);

        switch (cache.DType)
        {
            case DType.F16: _attention.Run(s, cache.F16Keys[l], cache.F16Values[l], layout, t); break;
            case DType.BF16: _attention.Run(s, cache.Bf16Keys[l], cache.Bf16Values[l], layout, t); break;
            default: _attention.Run(s, cache.F32Keys[l], cache.F32Values[l], layout, t); break;
        }
        Linear.Forward(s.Attn, t, layer.OProj, [], s.Proj);
    }

    /// <summary>Per-token element-wise steps run a few tokens per chunk: each token's work is only microseconds.</summary>
    private const int TokensPerChunk = 4;

    /// <summary>s.Gate [t, inter] = silu(x·Wgᵀ) ⊙ (x·Wuᵀ) of s.Normed; decode fuses the activation into the matrix's work.</summary>
    private void SwiGlu(ForwardScratch s, LlamaLayerWeights layer, int t)
    {
        if (SwiGluLinear.CanFuse(layer.GateUpProj, t))
        {
            SwiGluLinear.ForwardOneToken(s.Normed, layer.GateUpProj, s.Gate);
            return;
        }
        Linear.Forward(s.Normed, t, layer.GateUpProj, [], s.GateUp);
        var swiGlu = new SwiGluTokens(s, Config.IntermediateSize);
        ParallelRows.For(t, TokensPerChunk, ref swiGlu);
    }

    /// <summary>Token i's q/k/v split, q/k norms and RoPE; its key and value stored in the cache.</summary>
    private void PrepareToken(ForwardScratch s, LlamaLayerWeights layer, PagedKvCache cache, int l, AttentionLayout layout, int i)
    {
        var hd = Config.HeadDim;
        var half = _rope.HalfDim;
        var qkv = _qDim + 2 * _kvDim;
        s.Qkv.AsSpan(i * qkv, _qDim).CopyTo(s.Q.AsSpan(i * _qDim, _qDim));
        s.Qkv.AsSpan(i * qkv + _qDim, _kvDim).CopyTo(s.K.AsSpan(i * _kvDim, _kvDim));
        s.Qkv.AsSpan(i * qkv + _qDim + _kvDim, _kvDim).CopyTo(s.V.AsSpan(i * _kvDim, _kvDim));
        var cos = s.Cos.AsSpan(i * half, half);
        var sin = s.Sin.AsSpan(i * half, half);
        for (var head = 0; head < Config.NumAttentionHeads; head++)
            PrepareHead(s.Q.AsSpan(i * _qDim + head * hd, hd), layer.QNorm, cos, sin);
        for (var head = 0; head < Config.NumKeyValueHeads; head++)
            PrepareHead(s.K.AsSpan(i * _kvDim + head * hd, hd), layer.KNorm, cos, sin);
        cache.Store(l, layout.Slot(i), s.K.AsSpan(i * _kvDim, _kvDim), s.V.AsSpan(i * _kvDim, _kvDim));
    }

    private void PrepareHead(Span<float> head, float[] norm, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        if (norm.Length != 0)
            RmsNorm.Apply(head, norm, _eps, head);
        Rope.ApplyRotateHalf(head, cos, sin);
    }

    // The parallel loops' bodies: structs, so a step allocates no closures.
    private readonly struct PrepareTokens(LlamaModel model, ForwardScratch s, LlamaLayerWeights layer, PagedKvCache cache, int l, AttentionLayout layout) : IRowRangeBody
    {
        public void Run(int start, int end)
        {
            for (var i = start; i < end; i++)
                model.PrepareToken(s, layer, cache, l, layout, i);
        }
    }

    private readonly struct SwiGluTokens(ForwardScratch s, int inter) : IRowRangeBody
    {
        public void Run(int start, int end)
        {
            for (var i = start; i < end; i++)
                Activations.SiluMul(s.GateUp.AsSpan(2 * i * inter, inter), s.GateUp.AsSpan((2 * i + 1) * inter, inter), s.Gate.AsSpan(i * inter, inter));
        }
    }
}

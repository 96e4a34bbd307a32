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
    }

    public ModelConfig Config { get; }

    public PagedKvCache CreateKvCache(int numBlocks, int blockSize) => new(Config.NumHiddenLayers, _kvDim, numBlocks, blockSize);

    /// <summary>Bytes of KV cache one block of <paramref name="blockSize"/> tokens takes.</summary>
    public long KvBytesPerBlock(int blockSize) => PagedKvCache.BytesPerBlock(Config.NumHiddenLayers, _kvDim, blockSize);

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
        var layout = AttentionLayout.Of(batch, cache);

        for (var i = 0; i < t; i++)
        {
            var id = batch.TokenIds[i];
            if ((uint)id >= (uint)Config.VocabSize)
                throw new UserErrorException($"token id {id} is outside the vocabulary (0..{Config.VocabSize - 1})");
            _weights.EmbedTokens.ReadRow(id, s.Hidden.AsSpan(i * h, h));
            _rope.Compute(batch.Positions[i], layout.SequenceLength(i), s.Cos.AsSpan(i * _rope.HalfDim, _rope.HalfDim), s.Sin.AsSpan(i * _rope.HalfDim, _rope.HalfDim));
        }

        for (var l = 0; l < _weights.Layers.Count; l++)
        {
            var layer = _weights.Layers[l];
            RmsNorm.ApplyRows(s.Hidden, t, layer.InputNorm, _eps, s.Normed);
            SelfAttention(s, layer, cache.Keys[l], cache.Values[l], layout, t);
            Add(s.Hidden, s.Proj, t * h);

            RmsNorm.ApplyRows(s.Hidden, t, layer.PostAttentionNorm, _eps, s.Normed);
            Linear.Forward(s.Normed, t, layer.GateProj, [], s.Gate);
            Linear.Forward(s.Normed, t, layer.UpProj, [], s.Up);
            var inter = t * Config.IntermediateSize;
            Activations.SiluMul(s.Gate.AsSpan(0, inter), s.Up.AsSpan(0, inter), s.Gate);
            Linear.Forward(s.Gate, t, layer.DownProj, [], s.Proj);
            Add(s.Hidden, s.Proj, t * h);
        }

        // Only the rows that are sampled or scored go through the final norm and lm_head.
        var rows = batch.LogitRows.Length;
        for (var r = 0; r < rows; r++)
            RmsNorm.Apply(s.Hidden.AsSpan(batch.LogitRows[r] * h, h), _weights.FinalNorm, _eps, s.Normed.AsSpan(r * h, h));
        Linear.Forward(s.Normed, rows, _weights.LmHead, [], logits[..(rows * Config.VocabSize)]);
    }

    private void SelfAttention(ForwardScratch s, LlamaLayerWeights layer, float[] keys, float[] values, AttentionLayout layout, int t)
    {
        var hd = Config.HeadDim;
        var half = _rope.HalfDim;
        Linear.Forward(s.Normed, t, layer.QProj, layer.QBias, s.Q);
        Linear.Forward(s.Normed, t, layer.KProj, layer.KBias, s.K);
        Linear.Forward(s.Normed, t, layer.VProj, layer.VBias, s.V);

        // Every token's key and value is stored before any token attends, so a sequence may read blocks
        // another sequence of the same batch is filling (prefix-cache siblings).
        for (var i = 0; i < t; i++)
        {
            var cos = s.Cos.AsSpan(i * half, half);
            var sin = s.Sin.AsSpan(i * half, half);
            for (var head = 0; head < Config.NumAttentionHeads; head++)
                PrepareHead(s.Q.AsSpan(i * _qDim + head * hd, hd), layer.QNorm, cos, sin);
            for (var head = 0; head < Config.NumKeyValueHeads; head++)
                PrepareHead(s.K.AsSpan(i * _kvDim + head * hd, hd), layer.KNorm, cos, sin);
            var row = layout.Slot(i);
            s.K.AsSpan(i * _kvDim, _kvDim).CopyTo(keys.AsSpan(row * _kvDim, _kvDim));
            s.V.AsSpan(i * _kvDim, _kvDim).CopyTo(values.AsSpan(row * _kvDim, _kvDim));
        }

        var heads = Config.NumAttentionHeads;
        var groupSize = heads / Config.NumKeyValueHeads;
        var scale = 1f / MathF.Sqrt(hd);
        var kvDim = _kvDim;
        var qDim = _qDim;
        ParallelRows.For(t * heads, 1, (start, end) =>
        {
            var scores = new float[layout.MaxLength];
            for (var work = start; work < end; work++)
            {
                int i = work / heads, head = work % heads;
                Attention.AttendPaged(
                    s.Q.AsSpan(i * qDim + head * hd, hd), keys, values, layout.BlockTable(i), layout.BlockSize,
                    layout.Positions[i] + 1, kvDim, head / groupSize * hd, scale, scores, s.Attn.AsSpan(i * qDim + head * hd, hd));
            }
        });
        Linear.Forward(s.Attn, t, layer.OProj, [], s.Proj);
    }

    private void PrepareHead(Span<float> head, float[] norm, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        if (norm.Length != 0)
            RmsNorm.Apply(head, norm, _eps, head);
        Rope.ApplyRotateHalf(head, cos, sin);
    }

    private static void Add(float[] accumulator, float[] addend, int count) =>
        System.Numerics.Tensors.TensorPrimitives.Add(accumulator.AsSpan(0, count), addend.AsSpan(0, count), accumulator.AsSpan(0, count));
}

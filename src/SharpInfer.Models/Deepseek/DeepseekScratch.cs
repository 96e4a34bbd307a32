using SharpInfer.Core;

namespace SharpInfer.Models.Deepseek;

/// <summary>Activation buffers for <see cref="DeepseekModel"/>, grown on demand and reused between passes.</summary>
public sealed class DeepseekScratch(ModelConfig config, int ropeHalf) : IForwardScratch
{
    private readonly MlaConfig _mla = config.Mla!;

    internal int Capacity { get; private set; }
    internal AttentionLayout Layout { get; } = new();
    internal float[] Hidden { get; private set; } = [];         // [T, H] residual stream
    internal float[] Normed { get; private set; } = [];         // [T, H]
    internal float[] Proj { get; private set; } = [];           // [T, H] attention / MLP output
    internal float[] QA { get; private set; } = [];             // [T, q_lora_rank]
    internal float[] Q { get; private set; } = [];              // [T, n·d_q]
    internal float[] Latent { get; private set; } = [];         // [T, r + d_r] the rows cached
    internal float[] QLatent { get; private set; } = [];        // [T, n, r + d_r] absorbed queries
    internal float[] AttnLatent { get; private set; } = [];     // [T, n, r] attention-weighted latents
    internal float[] HeadIn { get; private set; } = [];         // [T, max(d_n, r)] one head's inputs to an absorbed map
    internal float[] HeadOut { get; private set; } = [];        // [T, max(r, d_v)] its outputs
    internal float[] Attn { get; private set; } = [];          // [T, n·d_v]
    internal float[] Gate { get; private set; } = [];           // [T, I] dense MLP
    internal float[] Up { get; private set; } = [];             // [T, I] dense MLP
    internal float[] Cos { get; private set; } = [];            // [T, d_r/2]
    internal float[] Sin { get; private set; } = [];            // [T, d_r/2]
    internal MoeScratch Moe { get; } = new(config);

    internal void EnsureCapacity(int tokens)
    {
        if (tokens <= Capacity)
            return;
        Capacity = tokens;
        int h = config.HiddenSize, heads = config.NumAttentionHeads;
        var inter = config.IntermediateSize;
        Hidden = new float[tokens * h];
        Normed = new float[tokens * h];
        Proj = new float[tokens * h];
        QA = new float[tokens * (_mla.QLoraRank ?? 0)];
        Q = new float[tokens * heads * _mla.QHeadDim];
        Latent = new float[tokens * _mla.LatentWidth];
        QLatent = new float[tokens * heads * _mla.LatentWidth];
        AttnLatent = new float[tokens * heads * _mla.KvLoraRank];
        var headWidth = Math.Max(_mla.KvLoraRank, Math.Max(_mla.QkNopeHeadDim, _mla.VHeadDim));
        HeadIn = new float[tokens * headWidth];
        HeadOut = new float[tokens * headWidth];
        Attn = new float[tokens * heads * _mla.VHeadDim];
        Gate = new float[tokens * inter];
        Up = new float[tokens * inter];
        Cos = new float[tokens * ropeHalf];
        Sin = new float[tokens * ropeHalf];
        Moe.EnsureCapacity(tokens);
    }
}

namespace SharpInfer.Models;

/// <summary>Activation buffers for one forward pass, grown on demand and reused between passes.</summary>
public sealed class ForwardScratch(int hidden, int qDim, int kvDim, int intermediate, int ropeHalf) : IForwardScratch
{
    internal int Capacity { get; private set; }
    internal AttentionLayout Layout { get; } = new();
    internal AttentionPartials Partials { get; } = new();
    internal float[] Hidden { get; private set; } = [];     // [T, H] residual stream
    internal float[] Normed { get; private set; } = [];     // [T, H]
    internal float[] Qkv { get; private set; } = [];        // [T, (heads + 2·kv_heads)·hd]
    internal float[] Q { get; private set; } = [];          // [T, heads·hd]
    internal float[] K { get; private set; } = [];          // [T, kv_heads·hd]
    internal float[] V { get; private set; } = [];          // [T, kv_heads·hd]
    internal float[] Attn { get; private set; } = [];       // [T, heads·hd]
    internal float[] Proj { get; private set; } = [];       // [T, H]
    internal float[] GateUp { get; private set; } = [];     // [T, 2·I]: gate then up, per token
    internal float[] Gate { get; private set; } = [];       // [T, I] silu(gate)·up
    internal float[] Cos { get; private set; } = [];        // [T, rotary/2]
    internal float[] Sin { get; private set; } = [];        // [T, rotary/2]

    internal void EnsureCapacity(int tokens)
    {
        if (tokens <= Capacity)
            return;
        Capacity = tokens;
        Hidden = new float[tokens * hidden];
        Normed = new float[tokens * hidden];
        Qkv = new float[tokens * (qDim + 2 * kvDim)];
        Q = new float[tokens * qDim];
        K = new float[tokens * kvDim];
        V = new float[tokens * kvDim];
        Attn = new float[tokens * qDim];
        Proj = new float[tokens * hidden];
        GateUp = new float[tokens * 2 * intermediate];
        Gate = new float[tokens * intermediate];
        Cos = new float[tokens * ropeHalf];
        Sin = new float[tokens * ropeHalf];
    }
}

namespace SharpInfer.Models;

/// <summary>Activation buffers for one forward pass, grown on demand and reused between passes.</summary>
public sealed class ForwardScratch(int hidden, int qDim, int kvDim, int intermediate, int ropeHalf) : IForwardScratch
{
    internal int Capacity { get; private set; }
    internal float[] Hidden { get; private set; } = [];     // [T, H] residual stream
    internal float[] Normed { get; private set; } = [];     // [T, H]
    internal float[] Q { get; private set; } = [];          // [T, heads·hd]
    internal float[] K { get; private set; } = [];          // [T, kv_heads·hd]
    internal float[] V { get; private set; } = [];          // [T, kv_heads·hd]
    internal float[] Attn { get; private set; } = [];       // [T, heads·hd]
    internal float[] Proj { get; private set; } = [];       // [T, H]
    internal float[] Gate { get; private set; } = [];       // [T, I]
    internal float[] Up { get; private set; } = [];         // [T, I]
    internal float[] Cos { get; private set; } = [];        // [T, rotary/2]
    internal float[] Sin { get; private set; } = [];        // [T, rotary/2]

    internal void EnsureCapacity(int tokens)
    {
        if (tokens <= Capacity)
            return;
        Capacity = tokens;
        Hidden = new float[tokens * hidden];
        Normed = new float[tokens * hidden];
        Q = new float[tokens * qDim];
        K = new float[tokens * kvDim];
        V = new float[tokens * kvDim];
        Attn = new float[tokens * qDim];
        Proj = new float[tokens * hidden];
        Gate = new float[tokens * intermediate];
        Up = new float[tokens * intermediate];
        Cos = new float[tokens * ropeHalf];
        Sin = new float[tokens * ropeHalf];
    }
}

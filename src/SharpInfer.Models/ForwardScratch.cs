namespace SharpInfer.Models;

/// <summary>Activation buffers for one forward pass, grown on demand and reused between passes.</summary>
internal sealed class ForwardScratch(int hidden, int qDim, int kvDim, int intermediate, int ropeHalf)
{
    public int Capacity { get; private set; }
    public float[] Hidden { get; private set; } = [];     // [T, H] residual stream
    public float[] Normed { get; private set; } = [];     // [T, H]
    public float[] Q { get; private set; } = [];          // [T, heads·hd]
    public float[] K { get; private set; } = [];          // [T, kv_heads·hd]
    public float[] V { get; private set; } = [];          // [T, kv_heads·hd]
    public float[] Attn { get; private set; } = [];       // [T, heads·hd]
    public float[] Proj { get; private set; } = [];       // [T, H]
    public float[] Gate { get; private set; } = [];       // [T, I]
    public float[] Up { get; private set; } = [];         // [T, I]
    public float[] Cos { get; private set; } = [];        // [T, rotary/2]
    public float[] Sin { get; private set; } = [];        // [T, rotary/2]

    public void EnsureCapacity(int tokens)
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

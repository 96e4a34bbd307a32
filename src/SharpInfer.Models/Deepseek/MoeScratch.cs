using SharpInfer.Core;

namespace SharpInfer.Models.Deepseek;

/// <summary>Buffers of the MoE block: routing results and the per-expert token groups.</summary>
internal sealed class MoeScratch(ModelConfig config)
{
    private readonly int _experts = config.Moe?.NumRoutedExperts ?? 0;
    private readonly int _topK = config.Moe?.NumExpertsPerToken ?? 0;

    public float[] RouterLogits { get; private set; } = [];     // [T, E]
    public int[] TopIds { get; private set; } = [];             // [T, k] chosen experts, best first
    public float[] TopWeights { get; private set; } = [];       // [T, k]
    public int[] GroupCounts { get; private set; } = [];        // [E] tokens routed to each expert this pass
    public int[] GroupSlots { get; private set; } = [];         // [T·k] (token·k + rank) ordered by expert
    public float[] ExpertIn { get; private set; } = [];         // [T, H] one expert's gathered tokens
    public float[] ExpertGate { get; private set; } = [];       // [T, I_e·max(1, n_shared)]
    public float[] ExpertUp { get; private set; } = [];         // [T, I_e·max(1, n_shared)]
    public float[] ExpertOut { get; private set; } = [];        // [T, H]
    public float[] Routed { get; private set; } = [];           // [T·k, H] each (token, rank)'s expert output
    public float[] Shared { get; private set; } = [];           // [T, H] shared experts' output

    public void EnsureCapacity(int tokens)
    {
        if (_experts == 0)
            return;
        // The gate/up buffers serve routed experts (I_e) and the shared experts (I_e·n_shared).
        int h = config.HiddenSize, inter = config.Moe!.MoeIntermediateSize * Math.Max(1, config.Moe.NumSharedExperts);
        RouterLogits = new float[tokens * _experts];
        TopIds = new int[tokens * _topK];
        TopWeights = new float[tokens * _topK];
        GroupCounts = new int[_experts];
        GroupSlots = new int[tokens * _topK];
        ExpertIn = new float[tokens * h];
        ExpertGate = new float[tokens * inter];
        ExpertUp = new float[tokens * inter];
        ExpertOut = new float[tokens * h];
        Routed = new float[tokens * _topK * h];
        Shared = new float[tokens * h];
    }
}

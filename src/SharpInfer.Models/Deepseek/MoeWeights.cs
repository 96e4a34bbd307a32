using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>The MoE block of one layer. E = n_routed_experts, H = hidden, I_e = moe_intermediate_size.</summary>
public sealed class MoeWeights
{
    public required WeightMatrix Gate { get; init; }                    // mlp.gate.weight                    [E, H]
    public required float[] ScoreCorrectionBias { get; init; }          // mlp.gate.e_score_correction_bias   [E] (noaux_tc; else empty)
    public required IReadOnlyList<MlpWeights> Experts { get; init; }    // mlp.experts.{e}.*                  [I_e, H] / [H, I_e]
    public required MlpWeights? SharedExperts { get; init; }            // mlp.shared_experts.*               [I_e·n_shared, H] / [H, I_e·n_shared]

    internal static MoeWeights Load(WeightLoader loader, string prefix, int hidden, MoeConfig moe)
    {
        var experts = new MlpWeights[moe.NumRoutedExperts];
        for (var e = 0; e < experts.Length; e++)
            experts[e] = MlpWeights.Load(loader, $"{prefix}experts.{e}.", hidden, moe.MoeIntermediateSize);
        return new MoeWeights
        {
            Gate = loader.Matrix(prefix + "gate.weight", moe.NumRoutedExperts, hidden),
            ScoreCorrectionBias = moe.TopKMethod == "noaux_tc" ? loader.Vector(prefix + "gate.e_score_correction_bias", moe.NumRoutedExperts) : [],
            Experts = experts,
            SharedExperts = moe.NumSharedExperts > 0
                ? MlpWeights.Load(loader, prefix + "shared_experts.", hidden, moe.MoeIntermediateSize * moe.NumSharedExperts)
                : null,
        };
    }
}

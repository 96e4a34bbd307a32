using SharpInfer.Kernels;
using SharpInfer.Core;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// Picks one token's experts from its router logits, as Hugging Face's DeepSeek MoEGate does: softmax or
/// sigmoid scores; <c>greedy</c> top-k, <c>group_limited_greedy</c> (groups ranked by their best score) or
/// <c>noaux_tc</c> (scores + e_score_correction_bias, groups ranked by the sum of their top-2 biased
/// scores); experts outside the chosen groups are masked out. Weights come from the unbiased scores,
/// normalized when <c>norm_topk_prob</c>, then multiplied by <c>routed_scaling_factor</c>. Ties go to the
/// lower index. A token's routing depends on its own logits only.
/// </summary>
internal static class ExpertRouter
{
    /// <param name="logits">[E] router logits.</param>
    /// <param name="bias">[E] e_score_correction_bias (noaux_tc) or empty.</param>
    /// <param name="ids">[k] chosen experts, best first.</param>
    /// <param name="weights">[k] their weights.</param>
    public static void Route(ReadOnlySpan<float> logits, MoeConfig moe, ReadOnlySpan<float> bias, Span<int> ids, Span<float> weights)
    {
        var experts = logits.Length;
        Span<float> scores = stackalloc float[experts];
        Span<float> choice = stackalloc float[experts];
        if (moe.ScoringFunc == "softmax")
        {
            logits.CopyTo(scores);
            Kernels.Softmax.InPlace(scores);
        }
        else
        {
            System.Numerics.Tensors.TensorPrimitives.Sigmoid(logits, scores);
        }
        scores.CopyTo(choice);
        if (!bias.IsEmpty)
            System.Numerics.Tensors.TensorPrimitives.Add(choice, bias, choice);
        if (moe.TopKMethod != "greedy" && moe.TopKGroups < moe.NumGroups)
            MaskUnchosenGroups(choice, moe);

        var k = ids.Length;
        var sum = 0f;
        for (var rank = 0; rank < k; rank++)
        {
            var best = VectorMath.IndexOfMax(choice);
            ids[rank] = best;
            weights[rank] = scores[best];
            sum += scores[best];
            choice[best] = float.NegativeInfinity;
        }
        var normalize = moe.NormTopKProb && k > 1 ? 1f / (sum + 1e-20f) : 1f;
        for (var rank = 0; rank < k; rank++)
            weights[rank] = (moe.NormTopKProb && k > 1 ? weights[rank] * normalize : weights[rank]) * (float)moe.RoutedScalingFactor;
    }

    private static void MaskUnchosenGroups(Span<float> choice, MoeConfig moe)
    {
        var size = choice.Length / moe.NumGroups;
        Span<float> groupScores = stackalloc float[moe.NumGroups];
        for (var g = 0; g < moe.NumGroups; g++)
            groupScores[g] = GroupScore(choice.Slice(g * size, size), moe.TopKMethod == "noaux_tc");
        Span<bool> keep = stackalloc bool[moe.NumGroups];
        for (var picked = 0; picked < moe.TopKGroups; picked++)
        {
            var best = VectorMath.IndexOfMax(groupScores);
            keep[best] = true;
            groupScores[best] = float.NegativeInfinity;
        }
        for (var g = 0; g < moe.NumGroups; g++)
        {
            if (!keep[g])
                choice.Slice(g * size, size).Fill(float.NegativeInfinity);
        }
    }

    /// <summary>noaux_tc: the sum of the group's two best biased scores; group_limited_greedy: its best score.</summary>
    private static float GroupScore(ReadOnlySpan<float> group, bool topTwoSum)
    {
        float first = float.NegativeInfinity, second = float.NegativeInfinity;
        foreach (var v in group)
        {
            if (v > first)
                (first, second) = (v, first);
            else if (v > second)
                second = v;
        }
        return topTwoSum ? first + second : first;
    }
}

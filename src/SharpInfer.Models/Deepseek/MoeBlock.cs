using System.Numerics.Tensors;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// A DeepSeek MoE block over a batch: route every token, group the (token, expert) pairs by expert and run
/// each active expert once over its group (one GEMM per expert), then combine each token's expert outputs
/// in its own rank order and add the shared experts. <see cref="Linear"/> computes every row with the same
/// arithmetic whatever the number of rows, so a token's output never depends on who shares its experts.
/// </summary>
internal static class MoeBlock
{
    /// <param name="x">[T, H] normed hidden states.</param>
    /// <param name="output">[T, H] the block's output.</param>
    public static void Forward(MoeWeights weights, MoeConfig moe, MoeScratch s, float[] x, int t, int hidden, float[] output)
    {
        var k = moe.NumExpertsPerToken;
        var experts = moe.NumRoutedExperts;
        Linear.Forward(x, t, weights.Gate, [], s.RouterLogits);
        for (var i = 0; i < t; i++)
        {
            ExpertRouter.Route(
                s.RouterLogits.AsSpan(i * experts, experts), moe, weights.ScoreCorrectionBias,
                s.TopIds.AsSpan(i * k, k), s.TopWeights.AsSpan(i * k, k));
        }

        // Counting sort of the (token, rank) slots by expert.
        var counts = s.GroupCounts;
        Array.Clear(counts);
        for (var slot = 0; slot < t * k; slot++)
            counts[s.TopIds[slot]]++;
        Span<int> next = experts <= 1024 ? stackalloc int[experts] : new int[experts];
        for (int e = 0, offset = 0; e < experts; e++)
        {
            next[e] = offset;
            offset += counts[e];
        }
        for (var slot = 0; slot < t * k; slot++)
            s.GroupSlots[next[s.TopIds[slot]]++] = slot;

        for (int e = 0, start = 0; e < experts; start += counts[e], e++)
        {
            var n = counts[e];
            if (n == 0)
                continue;
            var slots = s.GroupSlots.AsSpan(start, n);
            for (var j = 0; j < n; j++)
                x.AsSpan(slots[j] / k * hidden, hidden).CopyTo(s.ExpertIn.AsSpan(j * hidden, hidden));
            SwiGlu.Forward(weights.Experts[e], s.ExpertIn, n, s.ExpertGate, s.ExpertUp, s.ExpertOut);
            for (var j = 0; j < n; j++)
                s.ExpertOut.AsSpan(j * hidden, hidden).CopyTo(s.Routed.AsSpan(slots[j] * hidden, hidden));
        }

        if (weights.SharedExperts is { } shared)
            SwiGlu.Forward(shared, x, t, s.ExpertGate, s.ExpertUp, s.Shared);
        for (var i = 0; i < t; i++)
        {
            var y = output.AsSpan(i * hidden, hidden);
            y.Clear();
            for (var rank = 0; rank < k; rank++)
                TensorPrimitives.MultiplyAdd(s.Routed.AsSpan((i * k + rank) * hidden, hidden), s.TopWeights[i * k + rank], y, y);
            if (weights.SharedExperts is not null)
                TensorPrimitives.Add(y, s.Shared.AsSpan(i * hidden, hidden), y);
        }
    }
}

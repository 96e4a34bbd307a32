using SharpInfer.Core;
using SharpInfer.Models.Deepseek;

namespace SharpInfer.Models.Tests;

public sealed class ExpertRouterTests
{
    private static MoeConfig Moe(string method, string scoring, int groups, int topKGroups, int k, bool norm, double scaling) => new()
    {
        NumRoutedExperts = 8, NumExpertsPerToken = k, MoeIntermediateSize = 4, TopKMethod = method, ScoringFunc = scoring,
        NumGroups = groups, TopKGroups = topKGroups, NormTopKProb = norm, RoutedScalingFactor = scaling,
    };

    private static (int[] Ids, float[] Weights) Route(float[] logits, MoeConfig moe, float[] bias)
    {
        var ids = new int[moe.NumExpertsPerToken];
        var weights = new float[moe.NumExpertsPerToken];
        ExpertRouter.Route(logits, moe, bias, ids, weights);
        return (ids, weights);
    }

    [Fact]
    public void SoftmaxGreedyTakesTheBestScoresUnnormalized()
    {
        float[] logits = [0, 3, 1, 2, -1, 0.5f, 2.5f, 0];
        var (ids, weights) = Route(logits, Moe("greedy", "softmax", 1, 1, 2, norm: false, scaling: 1), []);

        var total = logits.Sum(l => Math.Exp(l));
        Assert.Equal([1, 6], ids);
        Assert.Equal(Math.Exp(3) / total, weights[0], 1e-6);
        Assert.Equal(Math.Exp(2.5) / total, weights[1], 1e-6);
    }

    [Fact]
    public void GroupLimitedGreedyPicksOnlyFromTheBestGroups()
    {
        // Groups of two: {0,1} {2,3} {4,5} {6,7}; group maxima 2.85, 2.9, 3, 0 → groups 2 and 1 are kept,
        // so expert 3 (2.8) is picked over expert 0 (2.85), which plain greedy would take.
        float[] logits = [2.85f, 1, 2.9f, 2.8f, 3, 0, 0, 0];
        var (ids, _) = Route(logits, Moe("group_limited_greedy", "softmax", 4, 2, 3, norm: false, scaling: 1), []);
        Assert.Equal([4, 2, 3], ids);
    }

    [Fact]
    public void NoauxTcRanksGroupsByTopTwoBiasedScoresAndWeighsUnbiased()
    {
        // Sigmoid scores; the bias lifts expert 7 and its group {6,7} above group {0,1}, whose single best
        // expert is higher but whose top-2 sum is lower.
        float[] logits = [4, -4, 1, 1, 0, 0, 0.5f, 0.5f];
        float[] bias = [0, 0, 0, 0, 0, 0, 0.1f, 0.3f];
        var (ids, weights) = Route(logits, Moe("noaux_tc", "sigmoid", 4, 2, 3, norm: true, scaling: 2.5), bias);

        Assert.Equal([7, 2, 3], ids);
        static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
        double[] chosen = [Sigmoid(0.5), Sigmoid(1), Sigmoid(1)];
        for (var i = 0; i < 3; i++)
            Assert.Equal(chosen[i] / chosen.Sum() * 2.5, weights[i], 1e-5);
    }
}

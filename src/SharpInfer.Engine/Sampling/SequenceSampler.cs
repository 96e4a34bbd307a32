using System.Numerics;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using SharpInfer.Kernels;

namespace SharpInfer.Engine.Sampling;

/// <summary>
/// Chooses the next token of one sequence, applying the request's bias, penalties and filters in vLLM's order.
/// Each sequence owns its generator, so a seeded request yields the same tokens whatever else shares the batch,
/// and its buffers are reused so steady-state sampling does not allocate.
/// </summary>
/// <remarks>
/// Top-k keeps every token whose logit equals the k-th largest (like vLLM's threshold mask), so a tie at the
/// boundary can keep more than k. Every other ordering breaks ties by ascending id, so results never depend on
/// the sort algorithm.
/// </remarks>
internal sealed class SequenceSampler
{
    // vLLM treats temperatures this small as greedy: dividing by them would overflow the logits.
    private const float GreedyTemperature = 1e-5f;

    private readonly SamplingParams _parameters;
    private readonly float[] _scratch;
    private readonly int[] _biasIds;
    private readonly float[] _biasValues;
    // Per-token marks and counts for the penalties; every entry is back to zero between calls.
    private readonly int[] _counts;
    // Candidate ids for top-k/top-p/min-p; empty when no filter is on, which selects the no-sort fast path.
    private readonly int[] _order;
    private ulong _s0, _s1, _s2, _s3;

    public SequenceSampler(SamplingParams parameters, ulong seed, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabSize);
        _parameters = parameters;
        _scratch = new float[vocabSize];
        // Copied once so applying the bias does not enumerate (and allocate) through the dictionary interface.
        _biasIds = parameters.LogitBias?.Keys.ToArray() ?? [];
        _biasValues = _biasIds.Select(id => parameters.LogitBias![id]).ToArray();
        var penalized = parameters.RepetitionPenalty != 1f || parameters.FrequencyPenalty != 0f || parameters.PresencePenalty != 0f;
        _counts = penalized ? new int[vocabSize] : [];
        var topK = parameters.TopK > 0 && parameters.TopK < vocabSize;
        _order = topK || parameters.TopP < 1f || parameters.MinP > 0f ? new int[vocabSize] : [];

        // xoshiro256** must not start from all zeros; SplitMix64 spreads any 64-bit seed over its 256-bit state.
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>A fresh seed for a request that did not give one.</summary>
    public static ulong NewSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    /// <summary>Picks the next token from the raw <paramref name="logits"/> row, which is left unchanged.</summary>
    public int Sample(ReadOnlySpan<float> logits, ReadOnlySpan<int> promptIds, ReadOnlySpan<int> outputIds, IReadOnlySet<int> stopIds)
    {
        ArgumentNullException.ThrowIfNull(stopIds);
        if (logits.Length != _scratch.Length)
            throw new ArgumentException("expected one logit per vocabulary entry", nameof(logits));

        var p = _parameters;
        var blockStops = outputIds.Length < p.MinTokens && stopIds.Count > 0;
        // Plain greedy reads the row as it is: no copy of the vocabulary.
        if (p.Temperature < GreedyTemperature && _biasIds.Length == 0 && !blockStops && p.RepetitionPenalty == 1f
            && p.FrequencyPenalty == 0f && p.PresencePenalty == 0f)
            return LogprobMath.ArgMax(logits);
        var scratch = _scratch.AsSpan();
        logits.CopyTo(scratch);
        for (var i = 0; i < _biasIds.Length; i++)
            scratch[_biasIds[i]] += _biasValues[i];
        if (blockStops)
        {
            foreach (var id in stopIds)
                scratch[id] = float.NegativeInfinity;
        }
        if (p.RepetitionPenalty != 1f)
        {
            PenalizeUnmarked(scratch, promptIds, p.RepetitionPenalty);
            PenalizeUnmarked(scratch, outputIds, p.RepetitionPenalty);
            // Clearing by id keeps the cost proportional to the sequence, not the vocabulary.
            foreach (var id in promptIds)
                _counts[id] = 0;
            foreach (var id in outputIds)
                _counts[id] = 0;
        }
        if (p.FrequencyPenalty != 0f || p.PresencePenalty != 0f)
            ApplyOutputPenalties(scratch, outputIds, p.FrequencyPenalty, p.PresencePenalty);

        if (p.Temperature < GreedyTemperature)
            return LogprobMath.ArgMax(scratch);
        TensorPrimitives.Divide(scratch, p.Temperature, scratch);
        if (_order.Length == 0)
            Softmax.InPlace(scratch);
        else
            Filter(scratch);
        return Draw(scratch);
    }

    /// <summary>Penalizes an id of <paramref name="ids"/> unless already marked, so each id is penalized once.</summary>
    private void PenalizeUnmarked(Span<float> scratch, ReadOnlySpan<int> ids, float penalty)
    {
        foreach (var id in ids)
        {
            if (_counts[id]++ == 0)
                scratch[id] = scratch[id] > 0 ? scratch[id] / penalty : scratch[id] * penalty;
        }
    }

    private void ApplyOutputPenalties(Span<float> scratch, ReadOnlySpan<int> outputIds, float frequency, float presence)
    {
        foreach (var id in outputIds)
            _counts[id]++;
        foreach (var id in outputIds)
        {
            var count = _counts[id];
            if (count == 0)
                continue;
            // Zeroing here both restores the buffer and makes later occurrences of the id skip.
            _counts[id] = 0;
            scratch[id] -= frequency * count;
            scratch[id] -= presence;
        }
    }

    /// <summary>
    /// Inverse CDF over ids in ascending order, scaled by the weights' own total so that they need not sum to 1;
    /// rounding that leaves the target past the total falls back to the last token with weight.
    /// </summary>
    private int Draw(ReadOnlySpan<float> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
            total += w;
        var target = NextDouble() * total;
        var cumulative = 0.0;
        var last = 0;
        for (var id = 0; id < weights.Length; id++)
        {
            if (weights[id] == 0f)
                continue;
            cumulative += weights[id];
            last = id;
            if (target < cumulative)
                return id;
        }
        return last;
    }

    /// <summary>Turns the logits into weights, zero for tokens dropped by top-k, then top-p, then min-p.</summary>
    private void Filter(Span<float> scratch)
    {
        var p = _parameters;
        var count = 0;
        for (var id = 0; id < scratch.Length; id++)
        {
            if (scratch[id] > float.NegativeInfinity)
                _order[count++] = id;
            else
                scratch[id] = 0f;
        }
        var order = _order.AsSpan(0, count);
        order.Sort(new BestFirst(_scratch));

        var kept = count;
        if (p.TopK > 0 && p.TopK < count)
        {
            var kth = scratch[order[p.TopK - 1]];
            kept = p.TopK;
            while (kept < count && scratch[order[kept]] == kth)
                kept++;
        }

        // The best token's weight is exactly exp(0) = 1.
        var max = scratch[order[0]];
        var total = 0.0;
        foreach (var id in order[..kept])
        {
            scratch[id] = MathF.Exp(scratch[id] - max);
            total += scratch[id];
        }
        if (p.TopP < 1f)
        {
            // The shortest prefix whose mass reaches top_p; if rounding never reaches it, everything stays.
            var target = p.TopP * total;
            var cumulative = 0.0;
            var j = 0;
            while (j < kept && (cumulative += scratch[order[j]]) < target)
                j++;
            kept = Math.Min(j + 1, kept);
        }
        if (p.MinP > 0f)
        {
            // p_j < min_p · p_max reduces to weight_j < min_p because the best weight is 1.
            var j = 1;
            while (j < kept && scratch[order[j]] >= p.MinP)
                j++;
            kept = j;
        }
        foreach (var id in order[kept..])
            scratch[id] = 0f;
    }

    /// <summary>Uniform in [0, 1) from the top 53 bits.</summary>
    private double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>xoshiro256** (Blackman and Vigna): platform-independent, unlike relying on <see cref="Random"/>'s algorithm.</summary>
    private ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Higher logit first, then lower id: a total order, so the unstable sort is still deterministic.</summary>
    private readonly struct BestFirst(float[] logits) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byLogit = logits[y].CompareTo(logits[x]);
            return byLogit != 0 ? byLogit : x.CompareTo(y);
        }
    }
}

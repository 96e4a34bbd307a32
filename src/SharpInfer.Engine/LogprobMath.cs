using SharpInfer.Kernels;

namespace SharpInfer.Engine;

/// <summary>Log-softmax over the full vocabulary and top-k extraction.</summary>
internal static class LogprobMath
{
    /// <summary>Indices of the k largest values, best first; ties go to the lower index.</summary>
    public static (int TokenId, float Logprob)[] TopK(ReadOnlySpan<float> logProbs, int k)
    {
        k = Math.Min(k, logProbs.Length);
        if (k <= 0)
            return [];
        var top = new (int TokenId, float Logprob)[k];
        var count = 0;
        for (var i = 0; i < logProbs.Length; i++)
        {
            var value = logProbs[i];
            if (count == k && !(value > top[k - 1].Logprob))
                continue;
            var j = count < k ? count++ : k - 1;
            while (j > 0 && value > top[j - 1].Logprob)
            {
                top[j] = top[j - 1];
                j--;
            }
            top[j] = (i, value);
        }
        return top;
    }

    public static int ArgMax(ReadOnlySpan<float> values) => VectorMath.IndexOfMax(values);

    public static void LogSoftmax(ReadOnlySpan<float> logits, Span<float> logProbs) => Softmax.Log(logits, logProbs);
}

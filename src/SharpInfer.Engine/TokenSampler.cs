using SharpInfer.Kernels;

namespace SharpInfer.Engine;

/// <summary>Greedy at temperature 0; otherwise samples from softmax(logits / T) with a seeded generator.</summary>
internal sealed class TokenSampler(float temperature, ulong seed)
{
    private readonly Random _random = new(unchecked((int)(seed ^ (seed >> 32))));
    private float[] _probabilities = [];

    public int Sample(ReadOnlySpan<float> logits)
    {
        if (temperature <= 0)
            return LogprobMath.ArgMax(logits);
        if (_probabilities.Length != logits.Length)
            _probabilities = new float[logits.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(logits, 1f / temperature, _probabilities);
        Softmax.InPlace(_probabilities);
        var u = _random.NextDouble();
        var cumulative = 0.0;
        for (var i = 0; i < _probabilities.Length; i++)
        {
            cumulative += _probabilities[i];
            if (u < cumulative)
                return i;
        }
        return LogprobMath.ArgMax(_probabilities);
    }
}

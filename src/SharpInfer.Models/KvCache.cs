using SharpInfer.Core;

namespace SharpInfer.Models;

/// <summary>
/// Keys and values of one sequence, float32, contiguous per layer: row p holds position p's
/// [kv_heads·head_dim] key (or value).
/// </summary>
public sealed class KvCache
{
    public KvCache(int numLayers, int kvDim, int capacity)
    {
        KvDim = kvDim;
        Capacity = capacity;
        Keys = new float[numLayers][];
        Values = new float[numLayers][];
        for (var l = 0; l < numLayers; l++)
        {
            Keys[l] = new float[(long)capacity * kvDim];
            Values[l] = new float[(long)capacity * kvDim];
        }
    }

    public int KvDim { get; }

    /// <summary>Maximum number of positions the cache holds (the max model length of this sequence).</summary>
    public int Capacity { get; }

    internal float[][] Keys { get; }
    internal float[][] Values { get; }

    internal void EnsureFits(int position)
    {
        if ((uint)position >= (uint)Capacity)
            throw new UserErrorException($"position {position} is past the maximum model length of {Capacity} tokens; shorten the prompt or lower max tokens");
    }
}

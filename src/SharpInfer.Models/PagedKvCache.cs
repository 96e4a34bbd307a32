using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>
/// Keys and values of every sequence in fixed-size blocks, in float32 or BF16 (half the memory and bandwidth):
/// row <c>block·BlockSize + offset</c> of a layer holds one position's [kv_heads·head_dim] key (or value).
/// Which blocks a sequence owns is its block table, kept by the engine; the model only reads and writes rows.
/// A cache without values (<see cref="ValueDim"/> 0) keeps one row per position, e.g. MLA's latent vector.
/// </summary>
public sealed class PagedKvCache
{
    public PagedKvCache(int numLayers, int keyDim, int valueDim, int numBlocks, int blockSize, DType dtype)
    {
        if (dtype is not (DType.F32 or DType.BF16))
            throw new UserErrorException($"a KV cache of dtype {dtype.SafetensorsName()} is not supported; use bfloat16 or float32");
        if ((long)numBlocks * blockSize * Math.Max(keyDim, valueDim) > Array.MaxLength)
            throw new UserErrorException(
                $"a KV cache of {numBlocks} blocks × {blockSize} tokens is too large for one layer array; lower the KV cache memory");
        KvDim = keyDim;
        ValueDim = valueDim;
        NumBlocks = numBlocks;
        BlockSize = blockSize;
        DType = dtype;
        var bf16Layers = dtype == DType.BF16 ? numLayers : 0;
        Bf16Keys = Allocate<ushort>(bf16Layers, numBlocks * blockSize * keyDim);
        Bf16Values = Allocate<ushort>(bf16Layers, numBlocks * blockSize * valueDim);
        F32Keys = Allocate<float>(numLayers - bf16Layers, numBlocks * blockSize * keyDim);
        F32Values = Allocate<float>(numLayers - bf16Layers, numBlocks * blockSize * valueDim);
    }

    /// <summary>Width of a key row.</summary>
    public int KvDim { get; }

    /// <summary>Width of a value row; 0 when the cache holds keys (or latents) only.</summary>
    public int ValueDim { get; }
    public int NumBlocks { get; }
    public int BlockSize { get; }
    public DType DType { get; }

    /// <summary>Per layer, when <see cref="DType"/> is BF16 (else empty).</summary>
    internal ushort[][] Bf16Keys { get; }
    internal ushort[][] Bf16Values { get; }

    /// <summary>Per layer, when <see cref="DType"/> is F32 (else empty).</summary>
    internal float[][] F32Keys { get; }
    internal float[][] F32Values { get; }

    /// <summary>Writes one position's key and value into cache row <paramref name="row"/> of a layer.</summary>
    public void Store(int layer, int row, ReadOnlySpan<float> key, ReadOnlySpan<float> value)
    {
        if (DType == DType.BF16)
        {
            NumberConversions.F32ToBf16(key, Bf16Keys[layer].AsSpan(row * KvDim, KvDim));
            NumberConversions.F32ToBf16(value, Bf16Values[layer].AsSpan(row * ValueDim, ValueDim));
        }
        else
        {
            key.CopyTo(F32Keys[layer].AsSpan(row * KvDim, KvDim));
            value.CopyTo(F32Values[layer].AsSpan(row * ValueDim, ValueDim));
        }
    }

    /// <summary>Bytes one block takes across all layers (keys and values).</summary>
    public static long BytesPerBlock(int numLayers, int keyDim, int valueDim, int blockSize, DType dtype) =>
        (long)numLayers * blockSize * (keyDim + valueDim) * dtype.SizeInBytes();

    private static T[][] Allocate<T>(int layers, int length)
    {
        var result = new T[layers][];
        for (var l = 0; l < layers; l++)
            result[l] = new T[length];
        return result;
    }
}

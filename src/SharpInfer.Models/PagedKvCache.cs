using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>
/// Keys and values of every sequence in fixed-size blocks, in float32, or F16 or BF16 (half the memory and bandwidth):
/// row <c>block·BlockSize + offset</c> of a layer holds one position's [kv_heads·head_dim] key (or value).
/// Which blocks a sequence owns is its block table, kept by the engine; the model only reads and writes rows.
/// A cache without values (<see cref="ValueDim"/> 0) keeps one row per position, e.g. MLA's latent vector.
/// </summary>
public sealed class PagedKvCache
{
    public PagedKvCache(int numLayers, int keyDim, int valueDim, int numBlocks, int blockSize, DType dtype)
    {
        if (dtype is not (DType.F32 or DType.F16 or DType.BF16))
            throw new UserErrorException($"a KV cache of dtype {dtype.SafetensorsName()} is not supported; use float32, float16 or bfloat16");
        if ((long)numBlocks * blockSize * Math.Max(keyDim, valueDim) > Array.MaxLength)
            throw new UserErrorException(
                $"a KV cache of {numBlocks} blocks × {blockSize} tokens is too large for one layer array; lower the KV cache memory");
        KvDim = keyDim;
        ValueDim = valueDim;
        NumBlocks = numBlocks;
        BlockSize = blockSize;
        DType = dtype;
        int keys = numBlocks * blockSize * keyDim, values = numBlocks * blockSize * valueDim;
        int LayersOf(DType stored) => dtype == stored ? numLayers : 0;
        F32Keys = Allocate<float>(LayersOf(DType.F32), keys);
        F32Values = Allocate<float>(LayersOf(DType.F32), values);
        F16Keys = Allocate<Half>(LayersOf(DType.F16), keys);
        F16Values = Allocate<Half>(LayersOf(DType.F16), values);
        Bf16Keys = Allocate<ushort>(LayersOf(DType.BF16), keys);
        Bf16Values = Allocate<ushort>(LayersOf(DType.BF16), values);
    }

    /// <summary>Width of a key row.</summary>
    public int KvDim { get; }

    /// <summary>Width of a value row; 0 when the cache holds keys (or latents) only.</summary>
    public int ValueDim { get; }
    public int NumBlocks { get; }
    public int BlockSize { get; }
    public DType DType { get; }

    /// <summary>Per layer, when <see cref="DType"/> is F16 (else empty).</summary>
    internal Half[][] F16Keys { get; }
    internal Half[][] F16Values { get; }

    /// <summary>Per layer, when <see cref="DType"/> is BF16 (else empty).</summary>
    internal ushort[][] Bf16Keys { get; }
    internal ushort[][] Bf16Values { get; }

    /// <summary>Per layer, when <see cref="DType"/> is F32 (else empty).</summary>
    internal float[][] F32Keys { get; }
    internal float[][] F32Values { get; }

    /// <summary>Writes one position's key and value into cache row <paramref name="row"/> of a layer.</summary>
    public void Store(int layer, int row, ReadOnlySpan<float> key, ReadOnlySpan<float> value)
    {
        switch (DType)
        {
            case DType.F16:
                HalfRows.FromF32(key, F16Keys[layer].AsSpan(row * KvDim, KvDim));
                HalfRows.FromF32(value, F16Values[layer].AsSpan(row * ValueDim, ValueDim));
                break;
            case DType.BF16:
                NumberConversions.F32ToBf16(key, Bf16Keys[layer].AsSpan(row * KvDim, KvDim));
                NumberConversions.F32ToBf16(value, Bf16Values[layer].AsSpan(row * ValueDim, ValueDim));
                break;
            default:
                key.CopyTo(F32Keys[layer].AsSpan(row * KvDim, KvDim));
                value.CopyTo(F32Values[layer].AsSpan(row * ValueDim, ValueDim));
                break;
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

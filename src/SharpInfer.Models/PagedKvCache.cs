namespace SharpInfer.Models;

/// <summary>
/// Keys and values of every sequence, float32, in fixed-size blocks: row <c>block·BlockSize + offset</c> of
/// a layer holds one position's [kv_heads·head_dim] key (or value). Which blocks a sequence owns is its
/// block table, kept by the engine; the model only reads and writes rows. A cache without values
/// (<see cref="ValueDim"/> 0) keeps one row per position, e.g. MLA's latent vector.
/// </summary>
public sealed class PagedKvCache
{
    public PagedKvCache(int numLayers, int kvDim, int numBlocks, int blockSize)
        : this(numLayers, kvDim, kvDim, numBlocks, blockSize)
    {
    }

    public PagedKvCache(int numLayers, int keyDim, int valueDim, int numBlocks, int blockSize)
    {
        if ((long)numBlocks * blockSize * Math.Max(keyDim, valueDim) > Array.MaxLength)
            throw new Core.UserErrorException(
                $"a KV cache of {numBlocks} blocks × {blockSize} tokens is too large for one layer array; lower the KV cache memory");
        KvDim = keyDim;
        ValueDim = valueDim;
        NumBlocks = numBlocks;
        BlockSize = blockSize;
        Keys = new float[numLayers][];
        Values = new float[numLayers][];
        for (var l = 0; l < numLayers; l++)
        {
            Keys[l] = new float[(long)numBlocks * blockSize * keyDim];
            Values[l] = new float[(long)numBlocks * blockSize * valueDim];
        }
    }

    /// <summary>Width of a key row.</summary>
    public int KvDim { get; }

    /// <summary>Width of a value row; 0 when the cache holds keys (or latents) only.</summary>
    public int ValueDim { get; }
    public int NumBlocks { get; }
    public int BlockSize { get; }

    internal float[][] Keys { get; }
    internal float[][] Values { get; }

    /// <summary>Bytes one block takes across all layers (keys and values).</summary>
    public static long BytesPerBlock(int numLayers, int kvDim, int blockSize) => BytesPerBlock(numLayers, kvDim, kvDim, blockSize);

    public static long BytesPerBlock(int numLayers, int keyDim, int valueDim, int blockSize) =>
        (long)numLayers * blockSize * (keyDim + valueDim) * sizeof(float);
}

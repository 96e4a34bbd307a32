namespace SharpInfer.Models;

/// <summary>
/// Keys and values of every sequence, float32, in fixed-size blocks: row <c>block·BlockSize + offset</c> of
/// a layer holds one position's [kv_heads·head_dim] key (or value). Which blocks a sequence owns is its
/// block table, kept by the engine; the model only reads and writes rows.
/// </summary>
public sealed class PagedKvCache
{
    public PagedKvCache(int numLayers, int kvDim, int numBlocks, int blockSize)
    {
        if ((long)numBlocks * blockSize * kvDim > Array.MaxLength)
            throw new Core.UserErrorException(
                $"a KV cache of {numBlocks} blocks × {blockSize} tokens is too large for one layer array; lower the KV cache memory");
        KvDim = kvDim;
        NumBlocks = numBlocks;
        BlockSize = blockSize;
        Keys = new float[numLayers][];
        Values = new float[numLayers][];
        for (var l = 0; l < numLayers; l++)
        {
            Keys[l] = new float[(long)numBlocks * blockSize * kvDim];
            Values[l] = new float[(long)numBlocks * blockSize * kvDim];
        }
    }

    public int KvDim { get; }
    public int NumBlocks { get; }
    public int BlockSize { get; }

    internal float[][] Keys { get; }
    internal float[][] Values { get; }

    /// <summary>Bytes one block takes across all layers (keys and values).</summary>
    public static long BytesPerBlock(int numLayers, int kvDim, int blockSize) => 2L * numLayers * blockSize * kvDim * sizeof(float);
}

using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Tests;

public sealed class GroupedQueryAttentionTests
{
    // Head dim 20 leaves a 4-element tail past the 16-lane vectors; three query heads share each KV head.
    private const int Heads = 6, KvHeads = 2, HeadDim = 20, BlockSize = 16, Group = Heads / KvHeads;

    /// <summary>Three sequences of 700, 40 and 300 positions: the long ones span several softmax chunks.</summary>
    private static readonly int[] Lengths = [700, 40, 300];

    [Fact]
    public void SplittingLongSequencesByChunkKeepsEveryBit()
    {
        var (cache, layout) = Cache();
        var byChunk = Attend(new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 64), cache, layout);
        var byPair = Attend(new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 1), cache, layout);

        Assert.Equal(byPair, byChunk);
        // One pair at a time is the kernel's own call over the whole sequence.
        var expected = new float[Group * HeadDim];
        for (var i = 0; i < Lengths.Length; i++)
        {
            for (var kvHead = 0; kvHead < KvHeads; kvHead++)
            {
                var heads = ((i * Heads + kvHead * Group) * HeadDim)..((i * Heads + (kvHead + 1) * Group) * HeadDim);
                Attention.AttendPaged<float>(Queries(Lengths.Length).AsSpan(heads), Group, cache.F32Keys[0], cache.F32Values[0], layout.BlockTable(i), BlockSize,
                    Lengths[i], KvHeads * HeadDim, kvHead * HeadDim, 1f / MathF.Sqrt(HeadDim), expected);
                Assert.Equal(expected, byChunk[heads]);
            }
        }
    }

    [Theory]
    [InlineData(DType.BF16)]
    [InlineData(DType.F16)]
    public void Splitting16BitCachesByChunkKeepsEveryBit(DType dtype)
    {
        var (cache, layout) = Cache(dtype);
        var byChunk = Attend(new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 64), cache, layout);
        var byPair = Attend(new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 1), cache, layout);

        Assert.Equal(byPair, byChunk);
        Assert.All(byChunk, v => Assert.True(float.IsFinite(v)));
    }

    /// <summary>One short sequence on many cores: its two pairs split their groups' heads into one-head items.</summary>
    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    public void SplittingAShortSequencesHeadsKeepsEveryBit(DType dtype)
    {
        int[] lengths = [40];
        var (cache, layout) = Cache(dtype, lengths);
        var byHead = Attend(new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 64), cache, layout, lengths);
        var byPair = Attend(new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 1), cache, layout, lengths);

        Assert.Equal(byPair, byHead);
        Assert.All(byHead, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void LongSequencesAreSplitIntoOneItemPerChunkAndKvHead()
    {
        var (cache, layout) = Cache();
        var scratch = new ForwardScratch(Heads * HeadDim, Heads * HeadDim, KvHeads * HeadDim, 1, 1);
        scratch.EnsureCapacity(Lengths.Length);
        Queries(Lengths.Length).CopyTo(scratch.Q, 0);

        new GroupedQueryAttention(Heads, KvHeads, HeadDim, cores: 64).Run(scratch, cache.F32Keys[0], cache.F32Values[0], layout, Lengths.Length);

        // 700 positions in chunks of 256 make 3, 40 make 1 and 300 make 2.
        Assert.Equal([0, 3, 4, 6], scratch.Partials.ChunkStarts[..4]);
        Assert.True(scratch.Partials.Max.Length >= 6 * KvHeads * Group);
    }

    private static float[] Attend(GroupedQueryAttention attention, PagedKvCache cache, AttentionLayout layout, int[]? lengths = null)
    {
        var t = (lengths ?? Lengths).Length;
        var scratch = new ForwardScratch(Heads * HeadDim, Heads * HeadDim, KvHeads * HeadDim, 1, 1);
        scratch.EnsureCapacity(t);
        Queries(t).CopyTo(scratch.Q, 0);
        switch (cache.DType)
        {
            case DType.F16: attention.Run(scratch, cache.F16Keys[0], cache.F16Values[0], layout, t); break;
            case DType.BF16: attention.Run(scratch, cache.Bf16Keys[0], cache.Bf16Values[0], layout, t); break;
            default: attention.Run(scratch, cache.F32Keys[0], cache.F32Values[0], layout, t); break;
        }
        return scratch.Attn[..(t * Heads * HeadDim)];
    }

    private static float[] Queries(int tokens) => RandomVector(tokens * Heads * HeadDim, 3);

    private static float[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    /// <summary>A one-layer cache of random rows; each sequence's blocks scattered (reversed) over the pool.</summary>
    private static (PagedKvCache Cache, AttentionLayout Layout) Cache(DType dtype = DType.F32, int[]? lengths = null)
    {
        lengths ??= Lengths;
        var stride = lengths.Max() / BlockSize + 1;
        var blocks = lengths.Length * stride;
        var cache = new PagedKvCache(1, KvHeads * HeadDim, KvHeads * HeadDim, blocks, BlockSize, dtype);
        var rows = blocks * BlockSize;
        for (var row = 0; row < rows; row++)
            cache.Store(0, row, RandomVector(KvHeads * HeadDim, 2 * row + 1), RandomVector(KvHeads * HeadDim, 2 * row + 2));
        var tables = Enumerable.Range(0, blocks).Reverse().ToArray();
        var layout = new AttentionLayout();
        int[] positions = [.. lengths.Select(l => l - 1)];
        layout.Fill(new ForwardBatch(new int[lengths.Length], positions, [.. Enumerable.Range(0, lengths.Length)], tables, stride, []), cache);
        return (cache, layout);
    }
}

using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>
/// Grouped-query attention of a batch's tokens over the paged cache, spread over the cores. One work item per
/// (token, KV head) reads that head's rows once for its whole group of query heads. When a batch has too few such
/// pairs to keep every core busy (decode of a few sequences):
/// <list type="bullet">
/// <item>long sequences split by softmax chunk: one item per (token, KV head, chunk), folded afterwards in chunk
/// order with the kernel's own fold, so the bits are those of one item per pair;</item>
/// <item>short ones, when there are fewer pairs than cores, split their group's query heads into subsets (a head's bits do
/// not depend on its call's heads).</item>
/// </list>
/// </summary>
/// <param name="cores">The cores the work is spread over (a parameter so tests can take either path).</param>
internal sealed class GroupedQueryAttention(int heads, int kvHeads, int headDim, int cores)
{
    private readonly int _groupSize = heads / kvHeads;
    private readonly int _qDim = heads * headDim;
    private readonly int _kvDim = kvHeads * headDim;
    private readonly float _scale = 1f / MathF.Sqrt(headDim);

    /// <summary>Writes s.Attn [t, heads·headDim] from s.Q and the cache rows of one layer.</summary>
    public void Run<T>(ForwardScratch s, T[] keys, T[] values, AttentionLayout layout, int t) where T : unmanaged
    {
        var pairs = t * kvHeads;
        if (pairs < 2 * cores)
        {
            var chunks = NumberChunks(s.Partials, layout, t);
            if (chunks > t)
            {
                RunByChunk(s, keys, values, layout, t, chunks);
                return;
            }
        }
        // Split a group's heads only when there are fewer pairs than cores: each subset reads the pair's cache rows again,
        // and for SmolLM2-135M (3 pairs, 2 cores) that cost more than uneven items (paired decode runs: −2% step time).
        var subsets = Math.Clamp((cores + pairs - 1) / pairs, 1, _groupSize);
        var attend = new GroupWork<T>(this, s, keys, values, layout, subsets);
        ParallelRows.For(pairs * subsets, 1, ref attend);
    }

    /// <summary>Numbers every token's softmax chunks consecutively; returns how many there are.</summary>
    private static int NumberChunks(AttentionPartials partials, AttentionLayout layout, int t)
    {
        var chunk = Attention.ChunkLength(layout.BlockSize);
        partials.EnsureTokens(t);
        var starts = partials.ChunkStarts;
        var chunks = 0;
        for (var i = 0; i < t; i++)
        {
            starts[i] = chunks;
            chunks += (layout.Positions[i] + chunk) / chunk;
        }
        starts[t] = chunks;
        return chunks;
    }

    /// <summary>
    /// Items numbered (chunk, KV head), KV head fastest, so a core's run of consecutive items reads neighbouring columns
    /// of the same cache rows; then each pair's chunks are folded in order on the caller (a few hundred floats each).
    /// </summary>
    private void RunByChunk<T>(ForwardScratch s, T[] keys, T[] values, AttentionLayout layout, int t, int chunks) where T : unmanaged
    {
        var partials = s.Partials;
        partials.EnsureItems(chunks * kvHeads, _groupSize, headDim);
        var attend = new ChunkWork<T>(this, s, keys, values, layout);
        ParallelRows.For(chunks * kvHeads, 1, ref attend);

        var width = _groupSize * headDim;
        for (var i = 0; i < t; i++)
        {
            for (var kvHead = 0; kvHead < kvHeads; kvHead++)
            {
                var output = s.Attn.AsSpan(i * _qDim + kvHead * width, width);
                var first = partials.ChunkStarts[i] * kvHeads + kvHead;
                var max = partials.Max.AsSpan(first * _groupSize, _groupSize);
                var sum = partials.Sum.AsSpan(first * _groupSize, _groupSize);
                partials.Outputs.AsSpan(first * width, width).CopyTo(output);
                for (var item = first + kvHeads; item < partials.ChunkStarts[i + 1] * kvHeads; item += kvHeads)
                {
                    Attention.MergeChunk(output, max, sum, partials.Outputs.AsSpan(item * width, width),
                        partials.Max.AsSpan(item * _groupSize, _groupSize), partials.Sum.AsSpan(item * _groupSize, _groupSize));
                }
                Attention.Normalize(output, sum);
            }
        }
    }

    /// <summary>Work item (token, KV head, subset of that KV head's query heads), numbered in that order.</summary>
    private void AttendGroup<T>(ForwardScratch s, T[] keys, T[] values, AttentionLayout layout, int subsets, int work) where T : unmanaged
    {
        var subset = work % subsets;
        var pair = work / subsets;
        int i = pair / kvHeads, kvHead = pair % kvHeads;
        // Subset k holds group heads [k·g/subsets, (k+1)·g/subsets): sizes differ by at most one.
        int first = subset * _groupSize / subsets, end = (subset + 1) * _groupSize / subsets;
        var heads = (i * _qDim + (kvHead * _groupSize + first) * headDim)..(i * _qDim + (kvHead * _groupSize + end) * headDim);
        Attention.AttendPaged<T>(
            s.Q.AsSpan(heads), end - first, keys, values, layout.BlockTable(i), layout.BlockSize,
            layout.Positions[i] + 1, _kvDim, kvHead * headDim, _scale, s.Attn.AsSpan(heads), layout.Reads(i));
    }

    /// <summary>Work item (chunk number, KV head): the chunk's partial for that head's group, into the item's slots.</summary>
    private void AttendChunk<T>(ForwardScratch s, T[] keys, T[] values, AttentionLayout layout, int work) where T : unmanaged
    {
        var partials = s.Partials;
        int number = work / kvHeads, kvHead = work % kvHeads;
        var i = 0;
        while (partials.ChunkStarts[i + 1] <= number)
            i++;
        var chunk = Attention.ChunkLength(layout.BlockSize);
        var first = (number - partials.ChunkStarts[i]) * chunk;
        var end = Math.Min(layout.Positions[i] + 1, first + chunk);
        var width = _groupSize * headDim;
        Attention.AttendChunk<T>(
            s.Q.AsSpan(i * _qDim + kvHead * width, width), _groupSize, keys, values, layout.BlockTable(i), layout.BlockSize,
            first, end, _kvDim, kvHead * headDim, _scale, partials.Outputs.AsSpan(work * width, width),
            partials.Max.AsSpan(work * _groupSize, _groupSize), partials.Sum.AsSpan(work * _groupSize, _groupSize), layout.Reads(i));
    }

    // The parallel loops' bodies: structs, so a step allocates no closures.
    private readonly struct GroupWork<T>(GroupedQueryAttention attention, ForwardScratch s, T[] keys, T[] values, AttentionLayout layout, int subsets) : IRowRangeBody
        where T : unmanaged
    {
        public void Run(int start, int end)
        {
            for (var work = start; work < end; work++)
                attention.AttendGroup(s, keys, values, layout, subsets, work);
        }
    }

    private readonly struct ChunkWork<T>(GroupedQueryAttention attention, ForwardScratch s, T[] keys, T[] values, AttentionLayout layout) : IRowRangeBody
        where T : unmanaged
    {
        public void Run(int start, int end)
        {
            for (var work = start; work < end; work++)
                attention.AttendChunk(s, keys, values, layout, work);
        }
    }
}

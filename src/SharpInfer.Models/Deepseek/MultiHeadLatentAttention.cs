using System.Buffers;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// MLA for a batch of tokens, in the absorbed form for every token (prefill and decode alike): the cache
/// holds one [r latent | d_r rope key] row per position and layer, the key up-projection W_UK is folded
/// into the query (q_latent = W_UKᵀ·q_nope) and the value up-projection W_UV is applied to the
/// attention-weighted latent. Using one form for all tokens keeps a token's bits independent of whether
/// it was scheduled as prefill, chunk or decode.
/// </summary>
internal sealed class MultiHeadLatentAttention(ModelConfig config, float scale)
{
    private readonly MlaConfig _mla = config.Mla!;
    private readonly float _eps = (float)config.RmsNormEps;

    /// <summary>Reads s.Normed, writes the tokens' latent rows into <paramref name="cache"/> and the output projection into s.Proj.</summary>
    public void Forward(MlaWeights w, DeepseekScratch s, float[] cache, AttentionLayout layout, int t)
    {
        int heads = config.NumAttentionHeads, r = _mla.KvLoraRank, ropeDim = _mla.QkRopeHeadDim, nope = _mla.QkNopeHeadDim;
        int qhd = _mla.QHeadDim, v = _mla.VHeadDim, width = _mla.LatentWidth, half = ropeDim / 2;
        if (w.QAProj is { } qa)
        {
            Linear.Forward(s.Normed, t, qa, [], s.QA);
            RmsNorm.ApplyRows(s.QA, t, w.QANorm, _eps, s.QA);
            Linear.Forward(s.QA, t, w.QProj, [], s.Q);
        }
        else
        {
            Linear.Forward(s.Normed, t, w.QProj, [], s.Q);
        }
        Linear.Forward(s.Normed, t, w.KvAProj, [], s.Latent);

        // Every token's latent row is stored before any token attends, so a sequence may read blocks
        // another sequence of the same batch is filling (prefix-cache siblings).
        for (var i = 0; i < t; i++)
        {
            var row = s.Latent.AsSpan(i * width, width);
            RmsNorm.Apply(row[..r], w.KvANorm, _eps, row[..r]);
            Rope.ApplyInterleaved(row[r..], s.Cos.AsSpan(i * half, half), s.Sin.AsSpan(i * half, half));
            row.CopyTo(cache.AsSpan(layout.Slot(i) * width, width));
        }

        // q_latent = W_UKᵀ·q_nope, one matrix product per head over all tokens; then the rotated rope part.
        for (var head = 0; head < heads; head++)
            HeadProduct(s, t, w.KeyUpTransposed[head], s.Q, heads * qhd, head * qhd, s.QLatent, heads * width, head * width);

        var attend = new AttendHeads(this, s, cache, layout);
        ParallelRows.For(t * heads, 1, ref attend);

        // Output per head = W_UV · attention-weighted latent, again one matrix product per head.
        for (var head = 0; head < heads; head++)
            HeadProduct(s, t, w.ValueUp[head], s.AttnLatent, heads * r, head * r, s.Attn, heads * v, head * v);
        Linear.Forward(s.Attn, t, w.OProj, [], s.Proj);
    }

    /// <summary>Work items [start, end) of (token, head): the query's rope part rotated into its latent query, then attention over the latent cache.</summary>
    private void AttendRange(DeepseekScratch s, float[] cache, AttentionLayout layout, int start, int end)
    {
        int heads = config.NumAttentionHeads, r = _mla.KvLoraRank, ropeDim = _mla.QkRopeHeadDim, nope = _mla.QkNopeHeadDim;
        int qhd = _mla.QHeadDim, width = _mla.LatentWidth, half = ropeDim / 2;
        // Pooled: each chunk needs its own scores row, and a step should not allocate one per chunk and layer.
        var scores = ArrayPool<float>.Shared.Rent(layout.MaxLength);
        for (var work = start; work < end; work++)
        {
            var i = work / heads;
            var query = s.QLatent.AsSpan(work * width, width);
            s.Q.AsSpan(work * qhd + nope, ropeDim).CopyTo(query[r..]);
            Rope.ApplyInterleaved(query[r..], s.Cos.AsSpan(i * half, half), s.Sin.AsSpan(i * half, half));
            LatentAttention.AttendPaged(query, cache, layout.BlockTable(i), layout.BlockSize, layout.Positions[i] + 1, scale, scores, s.AttnLatent.AsSpan(work * r, r));
        }
        ArrayPool<float>.Shared.Return(scores);
    }

    /// <summary>The parallel attention loop's body: a struct, so a step allocates no closure.</summary>
    private readonly struct AttendHeads(MultiHeadLatentAttention attention, DeepseekScratch s, float[] cache, AttentionLayout layout) : IRowRangeBody
    {
        public void Run(int start, int end) => attention.AttendRange(s, cache, layout, start, end);
    }

    /// <summary>
    /// For each of the <paramref name="t"/> tokens: destination[i·destStride + destOffset ..] = matrix · source[i·sourceStride
    /// + sourceOffset ..]; the head's slices are gathered into one [t, cols] block so the product runs once.
    /// </summary>
    private static void HeadProduct(DeepseekScratch s, int t, WeightMatrix matrix, float[] source, int sourceStride, int sourceOffset,
        float[] destination, int destStride, int destOffset)
    {
        int cols = matrix.Cols, rows = matrix.Rows;
        for (var i = 0; i < t; i++)
            source.AsSpan(i * sourceStride + sourceOffset, cols).CopyTo(s.HeadIn.AsSpan(i * cols, cols));
        Linear.Forward(s.HeadIn, t, matrix, [], s.HeadOut);
        for (var i = 0; i < t; i++)
            s.HeadOut.AsSpan(i * rows, rows).CopyTo(destination.AsSpan(i * destStride + destOffset, rows));
    }
}

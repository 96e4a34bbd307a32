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

        var q = s.Q;
        var qLatent = s.QLatent;
        var attnLatent = s.AttnLatent;
        var attn = s.Attn;
        var cos = s.Cos;
        var sin = s.Sin;
        ParallelRows.For(t * heads, 1, (start, end) =>
        {
            var scores = new float[layout.MaxLength];
            for (var work = start; work < end; work++)
            {
                int i = work / heads, head = work % heads;
                var qHead = q.AsSpan((i * heads + head) * qhd, qhd);
                var query = qLatent.AsSpan(work * width, width);
                var keyUp = w.KeyUpTransposed.AsSpan(head * r * nope, r * nope);
                for (var c = 0; c < r; c++)
                    query[c] = VectorMath.Dot(qHead[..nope], keyUp.Slice(c * nope, nope));
                qHead[nope..].CopyTo(query[r..]);
                Rope.ApplyInterleaved(query[r..], cos.AsSpan(i * half, half), sin.AsSpan(i * half, half));

                var latent = attnLatent.AsSpan(work * r, r);
                LatentAttention.AttendPaged(query, cache, layout.BlockTable(i), layout.BlockSize, layout.Positions[i] + 1, scale, scores, latent);
                var valueUp = w.ValueUp.AsSpan(head * v * r, v * r);
                var output = attn.AsSpan((i * heads + head) * v, v);
                for (var d = 0; d < v; d++)
                    output[d] = VectorMath.Dot(latent, valueUp.Slice(d * r, r));
            }
        });
        Linear.Forward(s.Attn, t, w.OProj, [], s.Proj);
    }
}

using SharpInfer.Core;

namespace SharpInfer.Models;

/// <summary>
/// Sizes that follow from a config alone: parameters in all and those a decoded token reads (the input
/// embedding is one looked-up row and is not counted; the lm_head is), and KV cache bytes per token —
/// for MLA both the latent cache and what per-head keys and values would take.
/// </summary>
public sealed record ModelFootprint(long TotalParameters, long ActiveParameters, long KvBytesPerToken, long FullAttentionKvBytesPerToken)
{
    public static ModelFootprint Of(ModelConfig config)
    {
        long h = config.HiddenSize, vocab = config.VocabSize;
        var total = vocab * h * (config.TieWordEmbeddings ? 1 : 2) + h;
        var active = vocab * h + h;
        var attention = AttentionParameters(config) + 2 * h;
        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            var (mlpTotal, mlpActive) = config.Moe is { } moe && moe.IsMoeLayer(layer)
                ? MoeParameters(moe, h)
                : (3 * h * config.IntermediateSize, 3 * h * config.IntermediateSize);
            total += attention + mlpTotal;
            active += attention + mlpActive;
        }
        int layers = config.NumHiddenLayers, heads = config.NumAttentionHeads;
        var (kv, full) = config.Mla is { } mla
            ? (PagedKvCache.BytesPerBlock(layers, mla.LatentWidth, 0, 1, DType.F32), PagedKvCache.BytesPerBlock(layers, heads * mla.QHeadDim, heads * mla.VHeadDim, 1, DType.F32))
            : (PagedKvCache.BytesPerBlock(layers, config.NumKeyValueHeads * config.HeadDim, config.NumKeyValueHeads * config.HeadDim, 1, DType.F32), PagedKvCache.BytesPerBlock(layers, heads * config.HeadDim, heads * config.HeadDim, 1, DType.F32));
        return new ModelFootprint(total, active, kv, full);
    }

    private static long AttentionParameters(ModelConfig c)
    {
        long h = c.HiddenSize, heads = c.NumAttentionHeads;
        if (c.Mla is { } mla)
        {
            long qOut = heads * mla.QHeadDim;
            var q = mla.QLoraRank is { } rank ? h * rank + rank + (long)rank * qOut : h * qOut;
            return q + h * mla.LatentWidth + mla.KvLoraRank + (long)mla.KvLoraRank * heads * (mla.QkNopeHeadDim + mla.VHeadDim) + heads * mla.VHeadDim * h;
        }
        long qDim = heads * c.HeadDim, kvDim = (long)c.NumKeyValueHeads * c.HeadDim;
        var bias = c.AttentionBias ? qDim + 2 * kvDim : 0;
        var norms = c.QkNorm ? 2L * c.HeadDim : 0;
        return h * qDim + 2 * h * kvDim + qDim * h + bias + norms;
    }

    private static (long Total, long Active) MoeParameters(MoeConfig moe, long h)
    {
        var expert = 3 * h * moe.MoeIntermediateSize;
        var router = moe.NumRoutedExperts * h + (moe.TopKMethod == "noaux_tc" ? moe.NumRoutedExperts : 0);
        var shared = expert * moe.NumSharedExperts;
        return (moe.NumRoutedExperts * expert + shared + router, moe.NumExpertsPerToken * expert + shared + router);
    }
}

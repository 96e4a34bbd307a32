using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>
/// Multi-head latent attention of one layer. H = hidden, n = heads, r = kv_lora_rank, q_r = q_lora_rank,
/// d_n = qk_nope_head_dim, d_r = qk_rope_head_dim, d_v = v_head_dim, d_q = d_n + d_r.
/// </summary>
public sealed class MlaWeights
{
    public required WeightMatrix? QAProj { get; init; }         // self_attn.q_a_proj.weight            [q_r, H]         (q LoRA; else null)
    public required float[] QANorm { get; init; }               // self_attn.q_a_layernorm.weight       [q_r]            (q LoRA; else empty)
    public required WeightMatrix QProj { get; init; }           // self_attn.q_b_proj.weight            [n·d_q, q_r]     (or self_attn.q_proj.weight [n·d_q, H])
    public required WeightMatrix KvAProj { get; init; }         // self_attn.kv_a_proj_with_mqa.weight  [r + d_r, H]
    public required float[] KvANorm { get; init; }              // self_attn.kv_a_layernorm.weight      [r]
    public required WeightMatrix OProj { get; init; }           // self_attn.o_proj.weight              [H, n·d_v]

    // self_attn.kv_b_proj.weight [n·(d_n + d_v), r], split per head into W_UK [d_n, r] and W_UV [d_v, r],
    // packed as float32 matrices so the absorbed maps run as matrix products over all tokens of a step:
    public required WeightMatrix[] KeyUpTransposed { get; init; } // W_UKᵀ per head                     n × [r, d_n]
    public required WeightMatrix[] ValueUp { get; init; }         // W_UV per head                      n × [d_v, r]

    internal static MlaWeights Load(WeightLoader loader, string prefix, ModelConfig config)
    {
        var mla = config.Mla!;
        int h = config.HiddenSize, heads = config.NumAttentionHeads, r = mla.KvLoraRank;
        int nope = mla.QkNopeHeadDim, v = mla.VHeadDim, qOut = heads * mla.QHeadDim;
        var kvB = loader.Matrix(prefix + "kv_b_proj.weight", heads * (nope + v), r);
        var keyUpT = new WeightMatrix[heads];
        var valueUp = new WeightMatrix[heads];
        var keyT = new float[r * nope];
        var values = new float[v * r];
        var row = new float[r];
        for (var head = 0; head < heads; head++)
        {
            for (var k = 0; k < nope; k++)
            {
                kvB.ReadRow(head * (nope + v) + k, row);
                for (var c = 0; c < r; c++)
                    keyT[c * nope + k] = row[c];
            }
            for (var d = 0; d < v; d++)
                kvB.ReadRow(head * (nope + v) + nope + d, values.AsSpan(d * r, r));
            keyUpT[head] = Packed(keyT, r, nope);
            valueUp[head] = Packed(values, v, r);
        }
        var lora = mla.QLoraRank;
        return new MlaWeights
        {
            QAProj = lora is { } qr ? loader.Matrix(prefix + "q_a_proj.weight", qr, h) : null,
            QANorm = lora is { } qn ? loader.Vector(prefix + "q_a_layernorm.weight", qn) : [],
            QProj = lora is { } qb ? loader.Matrix(prefix + "q_b_proj.weight", qOut, qb) : loader.Matrix(prefix + "q_proj.weight", qOut, h),
            KvAProj = loader.Matrix(prefix + "kv_a_proj_with_mqa.weight", mla.LatentWidth, h),
            KvANorm = loader.Vector(prefix + "kv_a_layernorm.weight", r),
            OProj = loader.Matrix(prefix + "o_proj.weight", h, heads * v),
            KeyUpTransposed = keyUpT,
            ValueUp = valueUp,
        };
    }

    private static unsafe WeightMatrix Packed(float[] rowMajor, int rows, int cols)
    {
        fixed (float* data = rowMajor)
            return new WeightMatrix((nint)data, DType.F32, rows, cols);
    }
}

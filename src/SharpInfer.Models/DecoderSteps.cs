using System.Numerics.Tensors;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Models;

/// <summary>The steps every decoder-only family shares: embedding lookup with RoPE angles, residual adds, and the head.</summary>
internal static class DecoderSteps
{
    /// <summary>Each token's embedding row into <paramref name="hidden"/>, and its RoPE cos/sin for its position.</summary>
    public static void Embed(
        ForwardBatch batch, AttentionLayout layout, WeightMatrix embedTokens, RotaryEmbedding rope, float[] hidden, float[] cos, float[] sin)
    {
        var h = embedTokens.Cols;
        var half = rope.HalfDim;
        for (var i = 0; i < batch.NumTokens; i++)
        {
            var id = batch.TokenIds[i];
            if ((uint)id >= (uint)embedTokens.Rows)
                throw new UserErrorException($"token id {id} is outside the vocabulary (0..{embedTokens.Rows - 1})");
            embedTokens.ReadRow(id, hidden.AsSpan(i * h, h));
            rope.Compute(batch.Positions[i], layout.SequenceLength(i), cos.AsSpan(i * half, half), sin.AsSpan(i * half, half));
        }
    }

    public static void AddResidual(float[] hidden, float[] addend, int count) =>
        TensorPrimitives.Add(hidden.AsSpan(0, count), addend.AsSpan(0, count), hidden.AsSpan(0, count));

    /// <summary>Only the rows that are sampled or scored go through the final norm and lm_head.</summary>
    public static void Logits(
        ForwardBatch batch, float[] hidden, float[] finalNorm, float eps, float[] normed, WeightMatrix lmHead, Span<float> logits)
    {
        var h = lmHead.Cols;
        var rows = batch.LogitRows.Length;
        for (var r = 0; r < rows; r++)
            RmsNorm.Apply(hidden.AsSpan(batch.LogitRows[r] * h, h), finalNorm, eps, normed.AsSpan(r * h, h));
        Linear.Forward(normed, rows, lmHead, [], logits[..(rows * lmHead.Rows)]);
    }
}

using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>down(silu(gate(x)) ⊙ up(x)) for a batch of rows; each row's result is independent of the others.</summary>
internal static class SwiGlu
{
    /// <param name="gate">Scratch of at least [tokens, I].</param>
    /// <param name="up">Scratch of at least [tokens, I].</param>
    public static void Forward(MlpWeights mlp, float[] x, int tokens, float[] gate, float[] up, float[] output)
    {
        Linear.Forward(x, tokens, mlp.GateProj, [], gate);
        Linear.Forward(x, tokens, mlp.UpProj, [], up);
        var inter = tokens * mlp.IntermediateSize;
        Activations.SiluMul(gate.AsSpan(0, inter), up.AsSpan(0, inter), gate);
        Linear.Forward(gate, tokens, mlp.DownProj, [], output);
    }
}

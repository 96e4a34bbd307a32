using SharpInfer.Kernels;

namespace SharpInfer.Models.Deepseek;

/// <summary>A SwiGLU MLP (dense layer, routed expert or shared experts). H = hidden, I = its intermediate size.</summary>
public sealed class MlpWeights
{
    public required WeightMatrix GateProj { get; init; }        // gate_proj.weight  [I, H]
    public required WeightMatrix UpProj { get; init; }          // up_proj.weight    [I, H]
    public required WeightMatrix DownProj { get; init; }        // down_proj.weight  [H, I]

    public int IntermediateSize => GateProj.Rows;

    public long BytesRead => GateProj.BytesRead + UpProj.BytesRead + DownProj.BytesRead;

    internal static MlpWeights Load(WeightLoader loader, string prefix, int hidden, int intermediate) => new()
    {
        GateProj = loader.Matrix(prefix + "gate_proj.weight", intermediate, hidden),
        UpProj = loader.Matrix(prefix + "up_proj.weight", intermediate, hidden),
        DownProj = loader.Matrix(prefix + "down_proj.weight", hidden, intermediate),
    };
}

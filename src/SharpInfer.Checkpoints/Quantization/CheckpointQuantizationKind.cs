namespace SharpInfer.Checkpoints.Quantization;

public enum CheckpointQuantizationKind
{
    None,
    CompressedTensors,
    MsModelSlim,
}

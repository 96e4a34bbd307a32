using SharpInfer.Checkpoints.Inspection;

namespace SharpInfer.Checkpoints.Tests;

public sealed class CheckpointInspectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReportsDtypesParametersSchemeAndShards()
    {
        Fp8CheckpointBuilder.Write(_dir.Path);
        var text = new StringWriter();

        CheckpointInspector.Write(_dir.Path, text);

        var report = text.ToString();
        Assert.Contains("quantization: fp8 (fmt e4m3; weight blocks 128x128)", report);
        Assert.Contains("shards: 2 (listed in model.safetensors.index.json)", report);
        Assert.Contains("model-00002-of-00002.safetensors: 3 tensors", report);
        // 130*260 + 64*128 + 200*96 FP8 elements, 6 + 1 + 2 F32 scales, 64 BF16.
        Assert.Matches(@"F8_E4M3\s+3 tensors\s+61,192 elements", report);
        Assert.Matches(@"F32\s+3 tensors\s+9 elements", report);
        Assert.Contains("parameters: 61,265 elements in 7 tensors", report);
    }
}

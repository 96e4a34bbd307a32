using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed unsafe class SafetensorsCheckpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ReadOnlySpan<byte> Bytes(TensorView view) => new((void*)view.Data, checked((int)view.ByteLength));

    [Fact]
    public void SingleFileReadsF32F16AndBf16ValuesExactly()
    {
        float[] f32 = [1.5f, -2.25f, 3.0e-8f, float.MaxValue, -0.0f, 7f];
        Half[] f16 = [(Half)0.5f, (Half)(-65504f), Half.Epsilon, (Half)1.0009765625f];
        ushort[] bf16 = [0x3F80, 0xC040, 0x0001, 0x7F7F]; // 1.0, -3.0, smallest subnormal, max finite
        TestSafetensors.Write(
            _dir.File("model.safetensors"),
            TestTensor.F32("a.weight", [2, 3], f32),
            new TestTensor("b.weight", "F16", [4], MemoryMarshal.AsBytes(f16.AsSpan()).ToArray()),
            new TestTensor("c.weight", "BF16", [2, 2], MemoryMarshal.AsBytes(bf16.AsSpan()).ToArray()));

        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);

        var a = checkpoint.Get("a.weight", [2, 3]);
        Assert.Equal(DType.F32, a.DType);
        Assert.Equal([2L, 3L], a.Shape);
        Assert.Equal(6, a.ElementCount);
        Assert.Equal(24, a.ByteLength);
        Assert.Equal(f32, MemoryMarshal.Cast<byte, float>(Bytes(a)).ToArray());

        var b = checkpoint.Get("b.weight", [4]);
        Assert.Equal(DType.F16, b.DType);
        Assert.Equal(f16, MemoryMarshal.Cast<byte, Half>(Bytes(b)).ToArray());

        var c = checkpoint.Get("c.weight", [2, 2]);
        Assert.Equal(DType.BF16, c.DType);
        var bits = MemoryMarshal.Cast<byte, ushort>(Bytes(c)).ToArray();
        Assert.Equal(bf16, bits);
        Assert.Equal(-3.0f, BitConverter.UInt32BitsToSingle((uint)bits[1] << 16));
    }

    [Fact]
    public void ListsTensorNamesWithoutMetadataAndHandlesScalarsAndEmptyTensors()
    {
        TestSafetensors.Write(
            _dir.File("model.safetensors"),
            TestTensor.F32("scale", [], 4.0f),
            new TestTensor("empty", "F32", [0, 8], []),
            TestTensor.F32("w", [1], 9.0f));

        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);

        Assert.Equal(["empty", "scale", "w"], checkpoint.TensorNames.Order());
        Assert.True(checkpoint.Contains("scale"));
        Assert.False(checkpoint.Contains("__metadata__"));
        Assert.Equal(_dir.Path, checkpoint.Description);
        var scalar = checkpoint.Get("scale", []);
        Assert.Equal(1, scalar.ElementCount);
        Assert.Equal(4.0f, BinaryPrimitives.ReadSingleLittleEndian(Bytes(scalar)));
        Assert.Equal(0, checkpoint.Get("empty", [0, 8]).ElementCount);
        Assert.Equal(9.0f, BinaryPrimitives.ReadSingleLittleEndian(Bytes(checkpoint.Get("w", [1]))));
    }

    [Fact]
    public void WrongExpectedShapeNamesTensorFileAndBothShapes()
    {
        var path = _dir.File("model.safetensors");
        TestSafetensors.Write(path, TestTensor.F32("model.norm.weight", [2, 3], new float[6]));
        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);

        var e = Assert.Throws<UserErrorException>(() => checkpoint.Get("model.norm.weight", [3, 2]));
        Assert.StartsWith($"tensor 'model.norm.weight' in {path} has shape [2, 3], expected [3, 2]", e.Message);
    }

    [Fact]
    public void MissingTensorNamesTensorAndFile()
    {
        var path = _dir.File("model.safetensors");
        TestSafetensors.Write(path, TestTensor.F32("w", [1], 1f));
        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);

        var e = Assert.Throws<UserErrorException>(() => checkpoint.Get("lm_head.weight", [1]));
        Assert.Equal($"tensor 'lm_head.weight' not found in {path}", e.Message);
    }

    [Fact]
    public void FolderWithoutWeightsSaysWhatIsExpected()
    {
        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(_dir.Path));
        Assert.Contains(_dir.Path, e.Message);
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("model.safetensors.index.json", e.Message);
    }

    [Fact]
    public void MissingFolderIsAUserError()
    {
        var missing = _dir.File("nope");
        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void GetAfterDisposeThrows()
    {
        TestSafetensors.Write(_dir.File("model.safetensors"), TestTensor.F32("w", [1], 1f));
        var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);
        checkpoint.Dispose();
        Assert.Throws<ObjectDisposedException>(() => checkpoint.Get("w", [1]));
    }
}

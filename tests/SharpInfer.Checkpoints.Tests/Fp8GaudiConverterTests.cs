using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SharpInfer.Checkpoints.Conversion;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed class Fp8GaudiConverterTests : IDisposable
{
    private readonly TempDirectory _input = new();
    private readonly TempDirectory _output = new();

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
    }

    [Fact]
    public void EveryCodeKeepsItsValueWithTheDoubledScale()
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        TestSafetensors.Write(_input.File("model.safetensors"),
            new TestTensor("l.weight", "F8_E4M3", [2, 128], codes),
            TestTensor.F32("l.weight_scale_inv", [1, 1], 0.75f),
            TestTensor.F32("l.input_scale", [1], 0.5f),
            TestTensor.F32("norm.weight", [2], 3f, 4f));
        _input.Write("config.json", Fp8CheckpointBuilder.Config);

        var summary = Fp8GaudiConverter.Convert(_input.Path, _output.Path, force: false, _ => { });

        using var converted = SafetensorsCheckpoint.Open(_output.Path);
        var fnuz = Fp8ToBf16ConverterTests.Bytes(converted.Get("l.weight", [2, 128]));
        var scale = BinaryPrimitives.ReadSingleLittleEndian(Fp8ToBf16ConverterTests.Bytes(converted.Get("l.weight_scale_inv", [1, 1])));
        Assert.Equal(1.5f, scale);
        Assert.Equal(1f, BinaryPrimitives.ReadSingleLittleEndian(Fp8ToBf16ConverterTests.Bytes(converted.Get("l.input_scale", [1]))));
        Assert.Equal([3f, 4f], Fp8ToBf16ConverterTests.Bytes(converted.Get("norm.weight", [2])).Chunk(4).Select(b => BinaryPrimitives.ReadSingleLittleEndian(b)));
        for (var code = 0; code < 256; code++)
        {
            if ((code & 0x7F) == 0x7F)
                Assert.Equal(0x80, fnuz[code]); // fn NaN → the only fnuz NaN
            else if (code == 0x80)
                Assert.Equal(0x00, fnuz[code]); // -0 → +0, since 0x80 is NaN in fnuz
            else
                Assert.Equal(E4M3Reference.Decode((byte)code) * 0.75f, E4M3Reference.Decode(fnuz[code], bias: 8) * scale);
        }
        Assert.Contains("2 NaN weight values", summary);
        Assert.Equal("e4m3fnuz", (string)JsonNode.Parse(File.ReadAllText(_output.File("config.json")))!["quantization_config"]!["fmt"]!);
    }

    [Fact]
    public void NonFiniteScaleIsAnError()
    {
        TestSafetensors.Write(_input.File("model.safetensors"),
            new TestTensor("l.weight", "F8_E4M3", [1, 1], [0x38]),
            TestTensor.F32("l.weight_scale", [1], float.MaxValue));
        _input.Write("config.json", "{}");
        var error = Assert.Throws<UserErrorException>(() => Fp8GaudiConverter.Convert(_input.Path, _output.Path, false, _ => { }));
        Assert.Contains("l.weight_scale", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_output.Path));
    }

    [Fact]
    public void Fp8TensorWithoutScaleIsAnError()
    {
        TestSafetensors.Write(_input.File("model.safetensors"), new TestTensor("l.weight", "F8_E4M3", [1, 1], [0x38]));
        _input.Write("config.json", "{}");
        var error = Assert.Throws<UserErrorException>(() => Fp8GaudiConverter.Convert(_input.Path, _output.Path, false, _ => { }));
        Assert.Contains("l.weight_scale_inv", error.Message);
    }
}

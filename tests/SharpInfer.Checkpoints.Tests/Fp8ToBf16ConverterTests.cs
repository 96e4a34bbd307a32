using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SharpInfer.Checkpoints.Conversion;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed unsafe class Fp8ToBf16ConverterTests : IDisposable
{
    private readonly TempDirectory _input = new();
    private readonly TempDirectory _output = new();
    private readonly List<string> _progress = [];

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
    }

    private string Convert(bool force = false) => Fp8ToBf16Converter.Convert(_input.Path, _output.Path, force, _progress.Add);

    internal static byte[] Bytes(TensorView view) => new ReadOnlySpan<byte>((void*)view.Data, checked((int)view.ByteLength)).ToArray();

    [Fact]
    public void WeightsBecomeTheExactBlockDequantizedBf16Values()
    {
        Fp8CheckpointBuilder.Write(_input.Path);
        Convert();

        using var source = SafetensorsCheckpoint.Open(_input.Path);
        using var converted = SafetensorsCheckpoint.Open(_output.Path);
        foreach (var (name, rows, cols, _) in Fp8CheckpointBuilder.Weights)
        {
            var codes = Bytes(source.Get(name, [rows, cols]));
            var scaleView = source.Get(name + "_scale_inv", [(rows + 127) / 128, (cols + 127) / 128]);
            var scales = Bytes(scaleView);
            var output = converted.Get(name, [rows, cols]);
            Assert.Equal(DType.BF16, output.DType);
            var bf16 = Bytes(output);
            var blockCols = (cols + 127) / 128;
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    var scale = BinaryPrimitives.ReadSingleLittleEndian(scales.AsSpan((r / 128 * blockCols + c / 128) * 4));
                    var expected = E4M3Reference.Bf16(E4M3Reference.Decode(codes[r * cols + c]) * scale);
                    Assert.Equal(expected, BinaryPrimitives.ReadUInt16LittleEndian(bf16.AsSpan((r * cols + c) * 2)));
                }
            }
        }
        Assert.Equal(Bytes(source.Get("model.norm.weight", [64])), Bytes(converted.Get("model.norm.weight", [64])));
    }

    [Fact]
    public void OutputIsShardedLikeTheInputWithIndexConfigAndSmallFiles()
    {
        Fp8CheckpointBuilder.Write(_input.Path);
        var summary = Convert();

        Assert.Equal(
            ["config.json", "generation_config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
             "model.safetensors.index.json", "tokenizer.json", "tokenizer_config.json"],
            Directory.EnumerateFileSystemEntries(_output.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var index = JsonNode.Parse(File.ReadAllText(_output.File("model.safetensors.index.json")))!;
        var map = index["weight_map"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        Assert.Equal(4, map.Count);
        foreach (var (name, _, _, shard) in Fp8CheckpointBuilder.Weights)
            Assert.Equal(shard, map[name]);
        Assert.Equal(Fp8CheckpointBuilder.Shard2, map["model.norm.weight"]);
        var dataBytes = Fp8CheckpointBuilder.Weights.Sum(w => (long)w.Rows * w.Cols * 2) + 64 * 2;
        Assert.Equal(dataBytes, (long)index["metadata"]!["total_size"]!);

        var config = JsonNode.Parse(File.ReadAllText(_output.File("config.json")))!.AsObject();
        Assert.False(config.ContainsKey("quantization_config"));
        Assert.Equal("DeepseekV3ForCausalLM", (string)config["architectures"]![0]!);
        foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json", "generation_config.json" })
            Assert.Equal(File.ReadAllBytes(_input.File(file)), File.ReadAllBytes(_output.File(file)));
        Assert.Equal(["[1/2] model-00001-of-00002.safetensors", "[2/2] model-00002-of-00002.safetensors"], _progress.Select(p => p[..p.IndexOf(':')]));
        Assert.Contains("converted 3 FP8 tensors", summary);
    }

    [Fact]
    public void FailureMidwayLeavesNoPartialFile()
    {
        Fp8CheckpointBuilder.Write(_input.Path, brokenScaleIn: "model.layers.1.mlp.down_proj.weight");

        var error = Assert.Throws<UserErrorException>(() => Convert());

        Assert.Contains("model.layers.1.mlp.down_proj.weight_scale_inv", error.Message);
        // The first shard was complete and stays; the failing one never appears, not even as a temp file.
        Assert.Equal([Fp8CheckpointBuilder.Shard1], Directory.EnumerateFileSystemEntries(_output.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void NonEmptyOutputNeedsForce()
    {
        Fp8CheckpointBuilder.Write(_input.Path);
        _output.Write("stale-00009.safetensors", "old");

        var error = Assert.Throws<UserErrorException>(() => Convert());
        Assert.Contains("--force", error.Message);

        Convert(force: true);
        Assert.False(File.Exists(_output.File("stale-00009.safetensors")));
        Assert.True(File.Exists(_output.File(Fp8CheckpointBuilder.Shard2)));
    }

    [Fact]
    public void CheckpointWithoutFp8IsRefused()
    {
        TestSafetensors.Write(_input.File("model.safetensors"), TestTensor.F32("w", [1], 1f));
        _input.Write("config.json", "{}");
        var error = Assert.Throws<UserErrorException>(() => Convert());
        Assert.Contains("not a block-FP8 checkpoint", error.Message);
    }
}

using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SharpInfer.Checkpoints.Writing;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Conversion;

/// <summary>
/// DeepSeek-V3-style block FP8 → BF16: each F8_E4M3 <c>X.weight</c> [rows, cols] is multiplied by its
/// <c>X.weight_scale_inv</c> [ceil(rows/br), ceil(cols/bc)] (one F32 scale per br×bc block, the last
/// blocks of a row or column cut short), in float32, then rounded to BF16, as DeepSeek's
/// <c>fp8_cast_bf16.py</c> does. Scale tensors are dropped, everything else is copied unchanged, and
/// config.json loses its quantization_config.
/// </summary>
public static class Fp8ToBf16Converter
{
    public const string ScaleSuffix = "_scale_inv";

    public static string Convert(string input, string output, bool force, Action<string> progress)
    {
        using var shards = CheckpointShards.Open(input);
        var (blockRows, blockCols) = BlockSize(input);
        if (!shards.Any(DType.F8E4M3))
            throw new UserErrorException($"{input} has no F8_E4M3 tensors; it is not a block-FP8 checkpoint");
        OutputFolder.Prepare(input, output, force);
        var converted = 0;
        var (tensors, bytes) = ShardedConversion.Run(shards, output, name =>
        {
            if (name.EndsWith(ScaleSuffix, StringComparison.Ordinal) && shards.Contains(name[..^ScaleSuffix.Length]))
                return [];
            var view = shards.View(name);
            if (view.DType != DType.F8E4M3)
                return [TensorToWrite.CopyOf(view)];
            if (!shards.Contains(name + ScaleSuffix))
                throw new UserErrorException($"FP8 tensor '{name}' has no '{name + ScaleSuffix}' block scales in {input}; this converter reads DeepSeek-style block-quantized FP8");
            converted++;
            return [Dequantize(view, shards.View(name + ScaleSuffix), blockRows, blockCols)];
        }, progress);
        OutputFolder.RewriteConfig(input, output, config =>
        {
            config.Remove("quantization_config");
            config["torch_dtype"] = "bfloat16";
        });
        var copied = OutputFolder.CopySmallFiles(input, output);
        return $"converted {converted} FP8 tensors to BF16; wrote {tensors} tensors ({bytes / 1048576.0:F1} MiB) in {shards.Shards.Count} shard(s); copied {string.Join(", ", copied.Prepend("config.json"))}";
    }

    private static unsafe TensorToWrite Dequantize(TensorView weight, TensorView scaleView, int blockRows, int blockCols)
    {
        if (weight.Shape.Length != 2)
            throw new UserErrorException($"FP8 tensor '{weight.Name}' has shape {TensorShapes.Format(weight.Shape)}; block scales need a 2-D weight");
        int rows = checked((int)weight.Shape[0]), cols = checked((int)weight.Shape[1]);
        long[] expected = [(rows + blockRows - 1) / blockRows, (cols + blockCols - 1) / blockCols];
        if (!scaleView.Shape.AsSpan().SequenceEqual(expected))
        {
            throw new UserErrorException(
                $"'{scaleView.Name}' has shape {TensorShapes.Format(scaleView.Shape)}, expected {TensorShapes.Format(expected)} " +
                $"for a {rows}x{cols} weight in {blockRows}x{blockCols} blocks; the checkpoint or its weight_block_size is inconsistent");
        }
        var scales = TensorFloats.Read(scaleView);
        var scaleCols = (int)expected[1];
        var data = (byte*)weight.Data;
        return new TensorToWrite(weight.Name, DType.BF16, weight.Shape, stream =>
        {
            var row = new byte[cols * 2];
            for (var r = 0; r < rows; r++)
            {
                var source = data + (long)r * cols;
                var scaleRow = r / blockRows * scaleCols;
                for (var c = 0; c < cols; c++)
                {
                    var value = Float8.E4M3FnToFloat(source[c]) * scales[scaleRow + c / blockCols];
                    BinaryPrimitives.WriteUInt16LittleEndian(row.AsSpan(c * 2), TensorFloats.ToBf16(value));
                }
                stream.Write(row);
            }
        });
    }

    /// <summary>quantization_config.weight_block_size from config.json, [128, 128] (DeepSeek-V3's) when absent.</summary>
    private static (int Rows, int Cols) BlockSize(string input)
    {
        var path = Path.Combine(input, "config.json");
        if (!File.Exists(path))
            throw new UserErrorException($"config.json not found in {input}; expected a Hugging Face model folder");
        if (JsonNode.Parse(File.ReadAllText(path))?["quantization_config"]?["weight_block_size"] is not JsonArray block)
            return (128, 128);
        if (block.Count != 2 || block.Any(v => v is null || v.GetValueKind() != System.Text.Json.JsonValueKind.Number || (int)v < 1))
            throw new UserErrorException($"{path}: quantization_config.weight_block_size must be two positive integers, got {block.ToJsonString()}");
        return ((int)block[0]!, (int)block[1]!);
    }
}

using System.Buffers.Binary;

namespace SharpInfer.Checkpoints.Tests;

/// <summary>
/// Builds a small DeepSeek-style block-FP8 checkpoint in two shards: FP8 weights quantized per 128×128
/// block (edges cut short) with F32 <c>weight_scale_inv</c>, a BF16 norm, config.json with its
/// quantization_config, and the small files a model folder carries.
/// </summary>
internal static class Fp8CheckpointBuilder
{
    public const string Shard1 = "model-00001-of-00002.safetensors";
    public const string Shard2 = "model-00002-of-00002.safetensors";

    /// <summary>(name, rows, cols, shard) of the FP8 weights.</summary>
    public static readonly (string Name, int Rows, int Cols, string Shard)[] Weights =
    [
        ("model.layers.0.mlp.up_proj.weight", 130, 260, Shard1),
        ("model.layers.0.self_attn.o_proj.weight", 64, 128, Shard1),
        ("model.layers.1.mlp.down_proj.weight", 200, 96, Shard2),
    ];

    public const string Config = """
        {"architectures": ["DeepseekV3ForCausalLM"], "torch_dtype": "bfloat16", "hidden_size": 64,
         "quantization_config": {"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8", "weight_block_size": [128, 128]}}
        """;

    /// <summary>Writes the checkpoint; <paramref name="brokenScaleIn"/> gives that weight's scales a wrong shape.</summary>
    public static void Write(string dir, string? brokenScaleIn = null)
    {
        var random = new Random(7);
        var shards = new Dictionary<string, List<TestTensor>> { [Shard1] = [], [Shard2] = [] };
        foreach (var (name, rows, cols, shard) in Weights)
        {
            var (codes, scales, scaleShape) = Quantize(random, rows, cols);
            shards[shard].Add(new TestTensor(name, "F8_E4M3", [rows, cols], codes));
            if (name == brokenScaleIn)
                scaleShape = [scaleShape[0] + 1, scaleShape[1]];
            var scaleCount = (int)(scaleShape[0] * scaleShape[1]);
            shards[shard].Add(TestTensor.F32(name + "_scale_inv", scaleShape, [.. scales, .. new float[scaleCount - scales.Length]]));
        }
        shards[Shard2].Add(Bf16Norm());
        foreach (var (shard, tensors) in shards)
            TestSafetensors.Write(Path.Combine(dir, shard), [.. tensors]);
        var map = shards.SelectMany(s => s.Value.Select(t => $"\"{t.Name}\": \"{s.Key}\""));
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), $"{{\"metadata\": {{\"total_size\": 1}}, \"weight_map\": {{{string.Join(", ", map)}}}}}");
        File.WriteAllText(Path.Combine(dir, "config.json"), Config);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "{\"model\": {}}");
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        File.WriteAllText(Path.Combine(dir, "generation_config.json"), "{\"temperature\": 0.6}");
    }

    /// <summary>Random weights, per-block absmax/448 scales, codes by the reference encoder.</summary>
    private static (byte[] Codes, float[] Scales, long[] ScaleShape) Quantize(Random random, int rows, int cols)
    {
        int blockRows = (rows + 127) / 128, blockCols = (cols + 127) / 128;
        var values = new float[rows * cols];
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-3, 1)));
        var scales = new float[blockRows * blockCols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                scales[r / 128 * blockCols + c / 128] = Math.Max(scales[r / 128 * blockCols + c / 128], Math.Abs(values[r * cols + c]) / 448f);
        var codes = new byte[values.Length];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                codes[r * cols + c] = E4M3Reference.Encode(values[r * cols + c] / scales[r / 128 * blockCols + c / 128]);
        return (codes, scales, [blockRows, blockCols]);
    }

    private static TestTensor Bf16Norm()
    {
        var bytes = new byte[64 * 2];
        for (var i = 0; i < 64; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), E4M3Reference.Bf16(1f + i / 64f));
        return new TestTensor("model.norm.weight", "BF16", [64], bytes);
    }
}

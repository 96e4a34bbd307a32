using System.Text.Json.Nodes;
using SharpInfer.Checkpoints;
using SharpInfer.Checkpoints.Conversion;
using SharpInfer.Checkpoints.Quantization;
using SharpInfer.Checkpoints.Writing;
using SharpInfer.Core;
using SharpInfer.Models.Quantization;
using SharpInfer.Tests;

namespace SharpInfer.Models.Tests;

/// <summary>quantize w8a8 checkpoints (compressed-tensors), and msmodelslim's layout made by hand from them.</summary>
public sealed class W8A8CheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sharpinfer-w8a8-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Quantized(string model, bool isStatic = false, params string[] ignore)
    {
        var output = Path.Combine(_root, model + (isStatic ? "-static" : "-dynamic"));
        var samples = isStatic ? ReferenceCase.Load(model).Select(c => c.PromptIds.Concat(c.GreedyIds).ToArray()).ToList() : [];
        W8A8CheckpointWriter.Write(new W8A8Options(SharedData.Model(model), output, false, isStatic, ignore, samples), _ => { });
        return output;
    }

    /// <summary>Next-token logits along the first fixture case of <paramref name="fixture"/>.</summary>
    private static float[][] Logits(string directory, string fixture, WeightQuantization quantization = WeightQuantization.None)
    {
        using var loaded = LoadedModel.Load(directory, LoadFormat.Safetensors, quantization: quantization);
        var c = ReferenceCase.Load(fixture)[0];
        return TeacherForcing.Logits(loaded.Model, [.. c.PromptIds, .. c.GreedyIds], c.PromptIds.Length - 1);
    }

    private static void AssertSameLogits(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i]);
    }

    [Fact]
    public void CompressedTensorsCheckpointLoadsToTheSameModelAsQuantizingAtLoad()
    {
        var output = Quantized("tiny-llama");

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!["quantization_config"]!;
        Assert.Equal("compressed-tensors", (string)config["quant_method"]!);
        var group = config["config_groups"]!["group_0"]!;
        Assert.Equal("channel", (string)group["weights"]!["strategy"]!);
        Assert.Equal("int", (string)group["weights"]!["type"]!);
        Assert.True((bool)group["input_activations"]!["dynamic"]!);
        Assert.Equal("token", (string)group["input_activations"]!["strategy"]!);
        using (var shards = CheckpointShards.Open(output))
        {
            Assert.Equal(DType.I8, shards.View("model.layers.0.mlp.down_proj.weight").DType);
            var scale = shards.View("model.layers.0.mlp.down_proj.weight_scale");
            Assert.Equal([64L, 1L], scale.Shape);
            Assert.Equal(DType.F32, scale.DType);
        }
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));

        using (var loaded = LoadedModel.Load(output, LoadFormat.Safetensors))
            Assert.Equal(3 * 7 + 1, loaded.Int8Matrices.Count);
        AssertSameLogits(Logits(SharedData.Model("tiny-llama"), "tiny-llama", WeightQuantization.W8A8), Logits(output, "tiny-llama"));
    }

    [Fact]
    public void DeepseekStaticCheckpointKeepsKvBFloatAndGivesUnseenExpertsTheirSiblingsScale()
    {
        var output = Path.Combine(_root, "deepseek-static");
        // Two calibration tokens reach at most 8 of each MoE layer's 16 experts.
        W8A8CheckpointWriter.Write(new W8A8Options(SharedData.Model("tiny-deepseek-v3"), output, false, true, [], [[1, 2]]), _ => { });

        using (var shards = CheckpointShards.Open(output))
        {
            Assert.Equal(DType.BF16, shards.View("model.layers.0.self_attn.kv_b_proj.weight").DType);
            Assert.False(shards.Contains("model.layers.0.self_attn.kv_b_proj.input_scale"));
            Assert.Equal(DType.I8, shards.View("model.layers.1.mlp.experts.0.up_proj.weight").DType);
            var calibrated = ActivationCalibration.InputScales(SharedData.Model("tiny-deepseek-v3"), [[1, 2]], _ => { });
            string Up(int e) => $"model.layers.1.mlp.experts.{e}.up_proj";
            var unseen = Enumerable.Range(0, 16).Where(e => !calibrated.ContainsKey(Up(e) + ".weight")).ToArray();
            Assert.NotEmpty(unseen);
            var siblingsMax = Enumerable.Range(0, 16).Except(unseen).Max(e => calibrated[Up(e) + ".weight"]);
            foreach (var e in unseen)
                Assert.Equal(siblingsMax, TensorFloats.Read(shards.View(Up(e) + ".input_scale"))[0]);
        }
        var ignore = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "config.json")))!["quantization_config"]!["ignore"]!.AsArray();
        Assert.Contains("kv_b_proj", ignore.Select(n => (string)n!));
        using var loaded = LoadedModel.Load(output, LoadFormat.Safetensors);
        Assert.DoesNotContain(loaded.Int8Matrices.Keys, name => name.EndsWith("kv_b_proj.weight", StringComparison.Ordinal));
    }

    [Fact]
    public void IgnoredLayersStayInTheirDtype()
    {
        var output = Quantized("tiny-llama", false, "lm_head", "re:.*layers\\.2\\..*");

        using var shards = CheckpointShards.Open(output);
        Assert.Equal(DType.F16, shards.View("lm_head.weight").DType);
        Assert.Equal(DType.F16, shards.View("model.layers.2.self_attn.q_proj.weight").DType);
        Assert.Equal(DType.I8, shards.View("model.layers.1.self_attn.q_proj.weight").DType);
        Assert.False(shards.Contains("lm_head.weight_scale"));
        using var loaded = LoadedModel.Load(output, LoadFormat.Safetensors);
        Assert.Equal(2 * 7, loaded.Int8Matrices.Count);
    }

    [Fact]
    public void MsModelSlimDynamicLayoutMatchesTheCompressedTensorsModel()
    {
        var compressed = Quantized("tiny-llama");
        var msmodelslim = MsModelSlimCopy(compressed, isStatic: false);

        Assert.Equal(CheckpointQuantizationKind.MsModelSlim, CheckpointQuantization.Read(msmodelslim).Kind);
        AssertSameLogits(Logits(compressed, "tiny-llama"), Logits(msmodelslim, "tiny-llama"));
    }

    [Fact]
    public void StaticSchemeCalibratesInputScalesAndTracksTheFloatModel()
    {
        var compressed = Quantized("stories260K", isStatic: true);

        var group = JsonNode.Parse(File.ReadAllText(Path.Combine(compressed, "config.json")))!["quantization_config"]!["config_groups"]!["group_0"]!;
        Assert.False((bool)group["input_activations"]!["dynamic"]!);
        Assert.Equal("tensor", (string)group["input_activations"]!["strategy"]!);
        using (var shards = CheckpointShards.Open(compressed))
        {
            var scale = TensorFloats.Read(shards.View("model.layers.0.self_attn.q_proj.input_scale"));
            Assert.InRange(scale.Single(), 1e-4f, 1f);
        }
        using var loaded = LoadedModel.Load(compressed, LoadFormat.Safetensors);
        Assert.All(loaded.Int8Matrices.Values, m => Assert.False(m.Activation.IsDynamic));

        var full = Logits(SharedData.Model("stories260K"), "stories260K");
        var int8 = Logits(compressed, "stories260K");
        var agree = full.Zip(int8).Count(p => TeacherForcing.ArgMax(p.First) == TeacherForcing.ArgMax(p.Second));
        Assert.True(agree >= 0.9 * full.Length, $"{agree} of {full.Length}");

        // msmodelslim's static W8A8 (deq_scale as int64 float bits, quant_bias, input_offset) reads to the same model.
        AssertSameLogits(int8, Logits(MsModelSlimCopy(compressed, isStatic: true), "stories260K"));
    }

    /// <summary>
    /// Rewrites a compressed-tensors W8A8 folder in msmodelslim's layout: the same int8 weights and scales,
    /// weight_offset zeros, and for static layers input_offset 0, deq_scale = weight_scale · input_scale and
    /// quant_bias 0; quant_model_description.json tags every tensor.
    /// </summary>
    private static string MsModelSlimCopy(string compressed, bool isStatic)
    {
        var target = compressed + "-msmodelslim";
        Directory.CreateDirectory(target);
        var tags = new JsonObject { ["model_quant_type"] = isStatic ? "W8A8" : "W8A8_DYNAMIC" };
        var tensors = new List<TensorToWrite>();
        using (var shards = CheckpointShards.Open(compressed))
        {
            foreach (var name in shards.AllTensorNames.Order(StringComparer.Ordinal))
            {
                var view = shards.View(name);
                if (name.EndsWith(".input_scale", StringComparison.Ordinal))
                    continue;
                var bytes = RawBytes(view);
                tensors.Add(TensorToWrite.FromBytes(name, view.DType, view.Shape, bytes));
                tags[name] = "FLOAT";
                if (view.DType != DType.I8)
                    continue;
                var module = name[..^".weight".Length];
                var rows = (int)view.Shape[0];
                var tag = isStatic ? "W8A8" : "W8A8_DYNAMIC";
                tags[name] = tag;
                tags[module + ".weight_scale"] = tag;
                tags[module + ".weight_offset"] = tag;
                tensors.Add(Floats(module + ".weight_offset", [rows, 1], new float[rows]));
                if (!isStatic)
                    continue;
                var weightScales = TensorFloats.Read(shards.View(module + ".weight_scale"));
                var inputScale = TensorFloats.Read(shards.View(module + ".input_scale"))[0];
                tensors.Add(Floats(module + ".input_scale", [1], [inputScale]));
                tensors.Add(Floats(module + ".input_offset", [1], [0f]));
                tensors.Add(TensorToWrite.FromBytes(module + ".deq_scale", DType.I64, [rows],
                    weightScales.SelectMany(s => BitConverter.GetBytes((long)BitConverter.SingleToUInt32Bits(s * inputScale))).ToArray()));
                tensors.Add(TensorToWrite.FromBytes(module + ".quant_bias", DType.I32, [rows], new byte[rows * 4]));
                foreach (var extra in new[] { ".input_scale", ".input_offset", ".deq_scale", ".quant_bias" })
                    tags[module + extra] = tag;
            }
            SafetensorsWriter.Write(Path.Combine(target, "model.safetensors"), tensors);
        }
        foreach (var file in Directory.EnumerateFiles(compressed).Where(f => !f.EndsWith(".safetensors", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(target, "config.json")))!.AsObject();
        config.Remove("quantization_config");
        File.WriteAllText(Path.Combine(target, "config.json"), config.ToJsonString());
        File.WriteAllText(Path.Combine(target, MsModelSlimDescription.FileName), tags.ToJsonString());
        return target;
    }

    private static unsafe byte[] RawBytes(TensorView view) => new ReadOnlySpan<byte>((void*)view.Data, checked((int)view.ByteLength)).ToArray();

    private static TensorToWrite Floats(string name, long[] shape, float[] values) =>
        TensorToWrite.FromBytes(name, DType.F32, shape, values.SelectMany(BitConverter.GetBytes).ToArray());
}

using System.Buffers.Binary;
using System.Text.Json;
using SharpInfer.Core;
using SharpInfer.Tests;

namespace SharpInfer.Checkpoints.Tests;

/// <summary>The real checkpoints in ../shared/models.</summary>
public sealed unsafe class SharedModelCheckpointTests
{
    [Fact]
    public void Stories260KIsF32WithKnownShapes()
    {
        using var checkpoint = SafetensorsCheckpoint.Open(SharedData.Model("stories260K"));

        var embed = checkpoint.Get("model.embed_tokens.weight", [512, 64]);
        Assert.Equal(DType.F32, embed.DType);
        Assert.Equal(512 * 64 * 4, embed.ByteLength);
        Assert.Equal(DType.F32, checkpoint.Get("model.layers.4.self_attn.k_proj.weight", [32, 64]).DType);
        Assert.Equal(47, checkpoint.TensorNames.Count);
        Assert.False(checkpoint.Contains("lm_head.weight")); // tied embeddings
    }

    [Theory]
    [InlineData("stories260K", "model.layers.2.mlp.down_proj.weight")]
    [InlineData("tiny-qwen2", "model.layers.1.self_attn.q_proj.bias")]
    [InlineData("tiny-llama", "lm_head.weight")]
    [InlineData("tiny-qwen3", "model.norm.weight")]
    public void MappedBytesEqualTheFileBytesAtTheHeaderOffsets(string model, string tensor)
    {
        var path = Path.Combine(SharedData.Model(model), "model.safetensors");
        using var checkpoint = SafetensorsCheckpoint.Open(SharedData.Model(model));
        var (shape, begin, end) = ReadHeaderIndependently(path, tensor);

        var view = checkpoint.Get(tensor, shape);

        Assert.Equal(end - begin, view.ByteLength);
        var expected = File.ReadAllBytes(path).AsSpan((int)begin, (int)(end - begin));
        Assert.True(expected.SequenceEqual(new ReadOnlySpan<byte>((void*)view.Data, (int)view.ByteLength)));
    }

    [Theory]
    [InlineData("stories260K", DType.F32)]
    [InlineData("tiny-qwen2", DType.BF16)]
    [InlineData("tiny-qwen3", DType.BF16)]
    [InlineData("tiny-llama", DType.F16)]
    public void EveryWeightTheConfigImpliesIsPresentWithItsShape(string model, DType dtype)
    {
        var dir = SharedData.Model(model);
        var config = HfConfigReader.ReadModelConfig(dir);
        using var checkpoint = SafetensorsCheckpoint.Open(dir);
        var expected = ExpectedShapes(config);

        foreach (var (name, shape) in expected)
            Assert.Equal(dtype, checkpoint.Get(name, shape).DType);
        Assert.Equal(expected.Count, checkpoint.TensorNames.Count);
    }

    /// <summary>The Llama-family parameter list as transformers names and shapes it.</summary>
    private static Dictionary<string, long[]> ExpectedShapes(ModelConfig c)
    {
        long hidden = c.HiddenSize, q = c.NumAttentionHeads * c.HeadDim, kv = c.NumKeyValueHeads * c.HeadDim;
        var shapes = new Dictionary<string, long[]>
        {
            ["model.embed_tokens.weight"] = [c.VocabSize, hidden],
            ["model.norm.weight"] = [hidden],
        };
        if (!c.TieWordEmbeddings)
            shapes["lm_head.weight"] = [c.VocabSize, hidden];
        for (var i = 0; i < c.NumHiddenLayers; i++)
        {
            var p = $"model.layers.{i}.";
            shapes[p + "input_layernorm.weight"] = [hidden];
            shapes[p + "post_attention_layernorm.weight"] = [hidden];
            shapes[p + "self_attn.q_proj.weight"] = [q, hidden];
            shapes[p + "self_attn.k_proj.weight"] = [kv, hidden];
            shapes[p + "self_attn.v_proj.weight"] = [kv, hidden];
            shapes[p + "self_attn.o_proj.weight"] = [hidden, q];
            shapes[p + "mlp.gate_proj.weight"] = [c.IntermediateSize, hidden];
            shapes[p + "mlp.up_proj.weight"] = [c.IntermediateSize, hidden];
            shapes[p + "mlp.down_proj.weight"] = [hidden, c.IntermediateSize];
            if (c.AttentionBias)
            {
                shapes[p + "self_attn.q_proj.bias"] = [q];
                shapes[p + "self_attn.k_proj.bias"] = [kv];
                shapes[p + "self_attn.v_proj.bias"] = [kv];
            }
            if (c.QkNorm)
            {
                shapes[p + "self_attn.q_norm.weight"] = [c.HeadDim];
                shapes[p + "self_attn.k_norm.weight"] = [c.HeadDim];
            }
        }
        return shapes;
    }

    /// <summary>Shape and absolute byte range of one tensor, read without the code under test.</summary>
    private static (long[] Shape, long Begin, long End) ReadHeaderIndependently(string path, string tensor)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var entry = header.RootElement.GetProperty(tensor);
        var shape = entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return (shape, 8 + headerLength + offsets[0], 8 + headerLength + offsets[1]);
    }
}

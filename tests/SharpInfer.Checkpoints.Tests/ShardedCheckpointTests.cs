using System.Buffers.Binary;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed unsafe class ShardedCheckpointTests : IDisposable
{
    private const string Shard1 = "model-00001-of-00002.safetensors";
    private const string Shard2 = "model-00002-of-00002.safetensors";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string IndexPath => _dir.File("model.safetensors.index.json");

    private void WriteIndex(params (string Tensor, string Shard)[] map)
    {
        var entries = string.Join(", ", map.Select(m => $"\"{m.Tensor}\": \"{m.Shard}\""));
        _dir.Write("model.safetensors.index.json", $"{{\"metadata\": {{\"total_size\": 20}}, \"weight_map\": {{{entries}}}}}");
    }

    private static float[] Floats(TensorView view)
    {
        var values = new float[view.ElementCount];
        var bytes = new ReadOnlySpan<byte>((void*)view.Data, checked((int)view.ByteLength));
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        return values;
    }

    [Fact]
    public void ReadsTensorsFromEveryShard()
    {
        TestSafetensors.Write(_dir.File(Shard1), TestTensor.F32("a", [2], 1f, 2f), TestTensor.F32("b", [1], 3f));
        TestSafetensors.Write(_dir.File(Shard2), TestTensor.F32("c", [2, 1], 4f, 5f));
        WriteIndex(("a", Shard1), ("b", Shard1), ("c", Shard2));

        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);

        Assert.Equal(["a", "b", "c"], checkpoint.TensorNames.Order());
        Assert.Equal([1f, 2f], Floats(checkpoint.Get("a", [2])));
        Assert.Equal([3f], Floats(checkpoint.Get("b", [1])));
        Assert.Equal([4f, 5f], Floats(checkpoint.Get("c", [2, 1])));
        var e = Assert.Throws<UserErrorException>(() => checkpoint.Get("d", [1]));
        Assert.Equal($"tensor 'd' not found in {IndexPath}", e.Message);
    }

    [Fact]
    public void ShapeMismatchNamesTheShard()
    {
        TestSafetensors.Write(_dir.File(Shard2), TestTensor.F32("c", [2, 1], 4f, 5f));
        WriteIndex(("c", Shard2));
        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);

        var e = Assert.Throws<UserErrorException>(() => checkpoint.Get("c", [2]));
        Assert.StartsWith($"tensor 'c' in {_dir.File(Shard2)} has shape [2, 1], expected [2]", e.Message);
    }

    [Fact]
    public void MissingShardNamesShardAndIndex()
    {
        TestSafetensors.Write(_dir.File(Shard1), TestTensor.F32("a", [1], 1f));
        WriteIndex(("a", Shard1), ("c", Shard2));

        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(_dir.Path));
        Assert.Contains(Shard2, e.Message);
        Assert.Contains(IndexPath, e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void TensorListedInIndexButAbsentFromShardIsAnError()
    {
        TestSafetensors.Write(_dir.File(Shard1), TestTensor.F32("a", [1], 1f));
        WriteIndex(("a", Shard1), ("model.norm.weight", Shard1));

        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(_dir.Path));
        Assert.Contains("'model.norm.weight'", e.Message);
        Assert.Contains(_dir.File(Shard1), e.Message);
        Assert.Contains(IndexPath, e.Message);
    }

    [Fact]
    public void BrokenShardReportsTheShardFile()
    {
        File.WriteAllBytes(_dir.File(Shard1), [1, 2, 3]);
        WriteIndex(("a", Shard1));

        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(_dir.Path));
        Assert.Contains(_dir.File(Shard1), e.Message);
    }

    [Theory]
    [InlineData("{\"metadata\": {}}", "weight_map")]
    [InlineData("{\"weight_map\": [1]}", "weight_map")]
    [InlineData("{\"weight_map\": {\"a\": 3}}", "'a'")]
    [InlineData("{\"weight_map\": {\"a\": \"../x.safetensors\"}}", "../x.safetensors")]
    [InlineData("{\"weight_map\": {}}", "empty")]
    [InlineData("{\"weight_map\": ", "not valid JSON")]
    public void MalformedIndexNamesIndexAndProblem(string json, string expected)
    {
        _dir.Write("model.safetensors.index.json", json);
        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(_dir.Path));
        Assert.Contains(IndexPath, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void SingleFileTakesPrecedenceOverIndexAsInTransformers()
    {
        TestSafetensors.Write(_dir.File("model.safetensors"), TestTensor.F32("single", [1], 8f));
        WriteIndex(("a", Shard1));

        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);
        Assert.Equal(["single"], checkpoint.TensorNames);
    }
}

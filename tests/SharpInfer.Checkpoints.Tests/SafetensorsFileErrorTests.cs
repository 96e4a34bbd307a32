using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed class SafetensorsFileErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ModelFile => _dir.File("model.safetensors");

    private string OpenError()
    {
        var e = Assert.Throws<UserErrorException>(() => SafetensorsCheckpoint.Open(_dir.Path).Dispose());
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var path = _dir.File("absent.safetensors");
        var e = Assert.Throws<UserErrorException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void FileShorterThanEightBytes(int length)
    {
        File.WriteAllBytes(ModelFile, new byte[length]);
        var message = OpenError();
        Assert.Contains(ModelFile, message);
        Assert.Contains($"is {length} bytes", message);
    }

    [Fact]
    public void HeaderLongerThanFileIsOversized()
    {
        TestSafetensors.WriteRaw(ModelFile, "{}", [], headerLengthOverride: 4096);
        var message = OpenError();
        Assert.Contains("oversized header", message);
        Assert.Contains(ModelFile, message);
        Assert.Contains("4096", message);
    }

    [Fact]
    public void HeaderAboveHundredMegabytesIsOversized()
    {
        TestSafetensors.WriteRaw(ModelFile, "{}", [], headerLengthOverride: 100_000_001);
        var message = OpenError();
        Assert.Contains("oversized header", message);
        Assert.Contains("100000001", message);
        Assert.Contains(ModelFile, message);
    }

    [Theory]
    [InlineData("{\"w\": {\"dtype\": \"F32\"")]
    [InlineData("not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"w\": 5}")]
    public void HeaderThatIsNotAnObjectOfEntriesIsMalformed(string header)
    {
        TestSafetensors.WriteRaw(ModelFile, header, new byte[16]);
        var message = OpenError();
        Assert.Contains("malformed header", message);
        Assert.Contains(ModelFile, message);
    }

    [Theory]
    [InlineData("{\"w\": {\"shape\": [2], \"data_offsets\": [0, 8]}}", "dtype")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 8]}}", "shape")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [2]}}", "data_offsets")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0]}}", "data_offsets")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}}", "shape")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [\"2\"], \"data_offsets\": [0, 8]}}", "shape")]
    [InlineData("{\"w\": {\"dtype\": 7, \"shape\": [2], \"data_offsets\": [0, 8]}}", "dtype")]
    [InlineData("{\"w\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [8, 0]}}", "data_offsets")]
    public void EntryWithMissingOrBadFieldIsMalformed(string header, string field)
    {
        TestSafetensors.WriteRaw(ModelFile, header, new byte[16]);
        var message = OpenError();
        Assert.Contains("malformed header", message);
        Assert.Contains("'w'", message);
        Assert.Contains(field, message);
        Assert.Contains(ModelFile, message);
    }

    [Fact]
    public void UnknownDtypeNamesTensorAndFile()
    {
        TestSafetensors.WriteRaw(ModelFile, "{\"layer.w\": {\"dtype\": \"F12\", \"shape\": [2], \"data_offsets\": [0, 4]}}", new byte[4]);
        Assert.Equal($"unknown dtype 'F12' for tensor layer.w in {ModelFile}", OpenError());
    }

    [Theory]
    [InlineData("F32", "[2, 3]", 20)]
    [InlineData("BF16", "[2, 3]", 24)]
    [InlineData("F16", "[]", 4)]
    [InlineData("I64", "[4294967296, 4294967296]", 8)]
    public void OffsetsThatDisagreeWithShapeAreAShapeMismatch(string dtype, string shape, int bytes)
    {
        TestSafetensors.WriteRaw(
            ModelFile, $"{{\"emb\": {{\"dtype\": \"{dtype}\", \"shape\": {shape}, \"data_offsets\": [0, {bytes}]}}}}", new byte[bytes]);
        var message = OpenError();
        Assert.StartsWith("shape mismatch", message);
        Assert.Contains("emb", message);
        Assert.Contains(ModelFile, message);
        Assert.Contains($"[0, {bytes}]", message);
    }

    [Fact]
    public void DataPastTheEndIsATruncatedFile()
    {
        // 6 floats declared, only 4 present.
        TestSafetensors.WriteRaw(ModelFile, "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}}", new byte[16]);
        var length = new FileInfo(ModelFile).Length;
        Assert.Equal(
            $"truncated file: tensor w needs bytes up to {length + 8} but {ModelFile} has only {length}; re-download the file",
            OpenError());
    }
}

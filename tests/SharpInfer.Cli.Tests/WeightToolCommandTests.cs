using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

/// <summary>inspect, convert and quantize as commands: arguments, output streams, exit codes.</summary>
public sealed class WeightToolCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sharpinfer-weights-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void InspectDescribesAModelFolder()
    {
        var result = CliRunner.Run("inspect", SharedData.Model("tiny-qwen2"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("architecture: Qwen2ForCausalLM", result.Stdout);
        Assert.Contains("quantization: none", result.Stdout);
        Assert.Contains("shards: 1", result.Stdout);
        Assert.Matches(@"BF16\s+\d+ tensors", result.Stdout);
    }

    [Fact]
    public void ConvertingACheckpointWithoutFp8IsAUserErrorAndWritesNothing()
    {
        var output = Path.Combine(_directory, "out");

        var result = CliRunner.Run("convert", "fp8-to-bf16", "--input", SharedData.Model("stories260K"), "--output", output);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr);
        Assert.Contains("not a block-FP8 checkpoint", result.Stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ConvertRefusesANonEmptyOutputWithoutForce()
    {
        File.WriteAllText(Path.Combine(_directory, "keep.txt"), "x");

        var input = Path.Combine(_directory, "in");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(SharedData.Model("tiny-qwen2"), "config.json"), Path.Combine(input, "config.json"));
        File.WriteAllBytes(Path.Combine(input, "model.safetensors"), FakeFp8File());

        var result = CliRunner.Run("convert", "fp8-gaudi", "--input", input, "--output", _directory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pass --force", result.Stderr);
        Assert.True(File.Exists(Path.Combine(_directory, "keep.txt")));
    }

    /// <summary>A one-tensor F8_E4M3 safetensors file.</summary>
    private static byte[] FakeFp8File()
    {
        var header = System.Text.Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}");
        var padded = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + 8];
        BitConverter.TryWriteBytes(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        return bytes;
    }
}

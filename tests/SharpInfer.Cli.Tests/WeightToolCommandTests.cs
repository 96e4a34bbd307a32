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
    public void InspectReportsAnMoeModelsActiveParametersAndLatentKvCache()
    {
        var result = CliRunner.Run("inspect", SharedData.Model("tiny-deepseek-v3"));

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"parameters by architecture: [\d,]+ total, [\d,]+ read per decoded token", result.Stdout);
        // 3 layers × (kv_lora_rank 32 + rope 8) floats, against 4 heads × (24 + 16) per layer for full attention.
        Assert.Contains("KV cache per token (float32): 480 bytes of MLA latents, against 1,920 for per-head keys and values", result.Stdout);
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

    [Fact]
    public void GenerateWithW8A8QuantizationFollowsTheReferenceGreedyTokens()
    {
        var reference = ReferenceCase.Load("tiny-qwen2")[0];
        var result = CliRunner.Run("generate", "--model", SharedData.Model("tiny-qwen2"), "--quantization", "w8a8",
            "--prompt-ids", string.Join(',', reference.PromptIds), "--max-tokens", "8", "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(reference.GreedyIds.Take(8), result.Json["token_ids"]!.AsArray().Select(t => (int)t!));
    }

    [Fact]
    public void BenchLatencyQuantizesDummyWeightsAtLoad()
    {
        var result = CliRunner.Run("bench", "latency", "--model", SharedData.Model("tiny-qwen2"), "--load-format", "dummy", "-q", "w8a8",
            "--input-len", "4", "--output-len", "2", "--batch-size", "1", "--num-iters", "1", "--num-iters-warmup", "0");

        Assert.True(result.ExitCode == 0, result.Stderr);
        // 2 layers × 7 projections + the (tied) lm_head.
        Assert.Contains("15 W8A8 layers", result.Stdout + result.Stderr);
    }

    [Fact]
    public void UnknownQuantizationIsAUserError()
    {
        var result = CliRunner.Run("generate", "--model", SharedData.Model("stories260K"), "--quantization", "int4", "--prompt", "a");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--quantization 'int4' is not supported", result.Stderr);
    }

    [Fact]
    public void QuantizeWritesACheckpointThatInspectAndGenerateRead()
    {
        var output = Path.Combine(_directory, "w8a8");
        var quantize = CliRunner.Run("quantize", "w8a8", "--input", SharedData.Model("tiny-qwen2"), "--output", output);
        Assert.True(quantize.ExitCode == 0, quantize.Stderr);
        Assert.Contains("quantized 14 linear layers", quantize.Stdout);

        var inspect = CliRunner.Run("inspect", output);
        Assert.Contains("quantization: compressed-tensors (weights int8 per channel symmetric; activations int8 per token dynamic; ignoring lm_head)", inspect.Stdout);
        Assert.Matches(@"I8\s+14 tensors", inspect.Stdout);

        var reference = ReferenceCase.Load("tiny-qwen2")[0];
        var generate = CliRunner.Run("generate", "--model", output, "--prompt-ids", string.Join(',', reference.PromptIds), "--max-tokens", "8", "--json");
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        Assert.Equal(reference.GreedyIds.Take(8), generate.Json["token_ids"]!.AsArray().Select(t => (int)t!));
    }

    [Fact]
    public void StaticQuantizationWithoutCalibrationDataIsAUserError()
    {
        var result = CliRunner.Run("quantize", "w8a8", "--input", SharedData.Model("stories260K"), "--output", Path.Combine(_directory, "x"), "--scheme", "static");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--scheme static needs --calib-data", result.Stderr);
    }

    [Fact]
    public void StaticQuantizationCalibratesOnPlainText()
    {
        var text = Path.Combine(_directory, "calib.txt");
        File.WriteAllText(text, "Once upon a time there was a little girl.\n \nShe liked to play in the park with her dog.\nThe end.\n");
        var output = Path.Combine(_directory, "static");

        var result = CliRunner.Run("quantize", "w8a8", "--input", SharedData.Model("stories260K"), "--output", output,
            "--scheme", "static", "--calib-data", text, "--calib-samples", "2");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("calibrated 36 layers on 2 samples", result.Stderr);
        Assert.Contains("static per-tensor", result.Stdout);
    }

    /// <summary>A safetensors file with one F8_E4M3 tensor and its scale.</summary>
    private static byte[] FakeFp8File()
    {
        var header = System.Text.Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]},\"w_scale\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}");
        var padded = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + 12];
        BitConverter.TryWriteBytes(bytes, (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        return bytes;
    }
}

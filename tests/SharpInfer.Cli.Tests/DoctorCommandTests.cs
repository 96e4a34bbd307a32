using System.Globalization;
using System.Text.RegularExpressions;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

public sealed class DoctorCommandTests
{
    [Fact]
    public void ReportsBandwidthAndTheModelsDecodeRoofline()
    {
        var result = CliRunner.Run(["doctor", "--model", SharedData.Model("tiny-qwen2")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("kernel path: ", result.Stdout);
        Assert.Matches(@"kernel threads: \d+ worker thread\(s\) \+ the caller; (workers on CPU \d[\d, ]*, pinned|not pinned)", result.Stdout);
        var bandwidth = Number(result.Stdout, @"memory read bandwidth: ([\d.]+) GB/s");
        var bytes = Number(result.Stdout, @"weights read per decoded token: [\d.]+ GB \((\d+) bytes");
        var roofline = Number(result.Stdout, @"decode roofline: ([\d.]+) tokens/s");
        Assert.True(bandwidth > 0);
        // tiny-qwen2, BF16: the tied 151,936 × 64 lm_head, then per layer q 64×64, k and v 32×64, o 64×64,
        // gate and up 128×64, down 64×128 (all whole 32-row panels).
        Assert.Equal(151_936 * 64 * 2 + 2 * 2 * (64 * 64 * 2 + 32 * 64 * 2 + 3 * 128 * 64), bytes);
        // Both figures are printed to one decimal: the roofline must follow from some bandwidth that rounds to
        // the printed one (a loaded machine measures a few GB/s, where that rounding alone is over 1%).
        Assert.InRange(roofline, (bandwidth - 0.05) * 1e9 / bytes - 0.05, (bandwidth + 0.05) * 1e9 / bytes + 0.05);
        // 2 layers × (32 + 32) key and value floats.
        Assert.Contains("KV cache per token: 512 bytes (float32), 256 bytes (float16 or bfloat16); --kv-cache-dtype auto: float16", result.Stdout);
    }

    [Fact]
    public void HfOverridesShrinkTheModelBeforeItIsMeasured()
    {
        var result = CliRunner.Run(["doctor", "--model", SharedData.Model("tiny-deepseek-v3"), "--load-format", "dummy", "--hf-overrides", "{\"num_hidden_layers\": 1}"]);

        Assert.Equal(0, result.ExitCode);
        // One layer of latent (kv_lora_rank 32 + qk_rope_head_dim 8) float32 values, against 4 heads of
        // (16 + 8)-wide keys and 16-wide values.
        Assert.Contains("MLA latent cache: 160 bytes per token in float32, against 640 for per-head keys and values", result.Stdout);
    }

    [Fact]
    public void MissingModelFolderIsAUserError()
    {
        var result = CliRunner.Run(["doctor", "--model", "/no/such/model"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr);
    }

    private static double Number(string text, string pattern)
    {
        var match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"'{pattern}' not found in:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}

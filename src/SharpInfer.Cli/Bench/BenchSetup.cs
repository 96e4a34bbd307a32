using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Models;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Cli.Bench;

/// <summary>What both bench commands need besides their shapes: the model, KV block size, seed and JSON path.</summary>
internal sealed record BenchSetup(string ModelDirectory, LoadFormat LoadFormat, WeightQuantization Quantization, int BlockSize, ulong Seed, string? OutputJson, string? HfOverrides)
{
    public LoadedModel Load() => LoadedModel.Load(ModelDirectory, LoadFormat, Seed, Quantization, HfOverrides);

    /// <summary>The prompts' generator; <see cref="Random"/> with a fixed seed gives the same ids on every run.</summary>
    public Random PromptRandom() => new(unchecked((int)Seed ^ (int)(Seed >> 32)));

    /// <summary>Two lines: the model and run settings, then its size (parameters, KV cache bytes per token in the cache's type).</summary>
    public string Describe(LoadedModel loaded, DType kvCacheDType)
    {
        var size = ModelFootprint.Of(loaded.Config);
        var kv = loaded.Config.Mla is null
            ? string.Create(CultureInfo.InvariantCulture, $"KV cache {loaded.Model.KvBytesPerBlock(1, kvCacheDType):N0} B/token ({kvCacheDType.TorchName()})")
            : string.Create(CultureInfo.InvariantCulture, $"latent KV cache {size.KvBytesPerToken:N0} B/token (full attention: {size.FullAttentionKvBytesPerToken:N0})");
        return string.Create(CultureInfo.InvariantCulture,
            $"model {Path.GetFileName(ModelDirectory)} ({(LoadFormat == LoadFormat.Dummy ? "dummy" : "checkpoint")} weights{(loaded.Int8Matrices.Count > 0 ? $", {loaded.Int8Matrices.Count} W8A8 layers" : "")}, loaded in {loaded.LoadTime.TotalSeconds:F2} s), KV block size {BlockSize}, prefix caching off\n" +
            $"{size.TotalParameters / 1e9:F2}B parameters ({size.ActiveParameters / 1e9:F2}B active per token), {kv}");
    }

    public void WriteJson(JsonNode results)
    {
        if (OutputJson is null)
            return;
        try
        {
            File.WriteAllText(OutputJson, results.ToJsonString(JsonOutput.Options) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--output-json '{OutputJson}' cannot be written: {e.Message}");
        }
    }
}

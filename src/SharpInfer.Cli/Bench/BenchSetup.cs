using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Models;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Cli.Bench;

/// <summary>What both bench commands need besides their shapes: the model, KV block size, seed and JSON path.</summary>
internal sealed record BenchSetup(string ModelDirectory, LoadFormat LoadFormat, WeightQuantization Quantization, int BlockSize, ulong Seed, string? OutputJson)
{
    public LoadedModel Load() => LoadedModel.Load(ModelDirectory, LoadFormat, Seed, Quantization);

    /// <summary>The prompts' generator; <see cref="Random"/> with a fixed seed gives the same ids on every run.</summary>
    public Random PromptRandom() => new(unchecked((int)Seed ^ (int)(Seed >> 32)));

    public string Describe(LoadedModel loaded) => string.Create(CultureInfo.InvariantCulture,
        $"model {Path.GetFileName(ModelDirectory)} ({(LoadFormat == LoadFormat.Dummy ? "dummy" : "checkpoint")} weights{(loaded.Int8Matrices.Count > 0 ? $", {loaded.Int8Matrices.Count} W8A8 layers" : "")}, loaded in {loaded.LoadTime.TotalSeconds:F2} s), KV block size {BlockSize}, prefix caching off");

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

using System.CommandLine;
using System.Globalization;
using SharpInfer.Checkpoints;
using SharpInfer.Checkpoints.Inspection;
using SharpInfer.Core;
using SharpInfer.Models;

namespace SharpInfer.Cli;

/// <summary><c>sharpinfer inspect DIR</c>: what a model folder holds, from its headers and configs, before deploying it.</summary>
internal static class InspectCommand
{
    public static Command Create(CliIo io)
    {
        var directory = new Argument<string>("DIR") { Description = "Hugging Face model folder." };
        var command = new Command("inspect", "Show a checkpoint's dtypes, parameter count, bytes per dtype, quantization scheme and shards.") { directory };
        command.SetAction(parse =>
        {
            var folder = ModelFlags.ModelDirectory(parse.GetValue(directory)!);
            CheckpointInspector.Write(folder, io.Out);
            WriteFootprint(folder, io.Out);
            return 0;
        });
        return command;
    }

    /// <summary>What the architecture implies per token (MoE models read only their routed experts).</summary>
    private static void WriteFootprint(string folder, TextWriter output)
    {
        ModelConfig config;
        try
        {
            config = HfConfigReader.ReadModelConfig(folder);
        }
        catch (UserErrorException e)
        {
            output.WriteLine($"per-token footprint: not available ({e.Message})");
            return;
        }
        var size = ModelFootprint.Of(config);
        var elementBytes = config.TorchDtype is DType.F32 ? 4 : 2;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parameters by architecture: {size.TotalParameters:N0} total, {size.ActiveParameters:N0} read per decoded token (≈ {size.ActiveParameters * elementBytes / 1e9:F2} GB at {elementBytes} bytes each)"));
        output.WriteLine(config.Mla is null
            ? string.Create(CultureInfo.InvariantCulture, $"KV cache per token (float32): {size.KvBytesPerToken:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"KV cache per token (float32): {size.KvBytesPerToken:N0} bytes of MLA latents, against {size.FullAttentionKvBytesPerToken:N0} for per-head keys and values"));
    }
}

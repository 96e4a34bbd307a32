using System.CommandLine;
using SharpInfer.Checkpoints.Inspection;

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
            CheckpointInspector.Write(ModelFlags.ModelDirectory(parse.GetValue(directory)!), io.Out);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using SharpInfer.Checkpoints.Conversion;

namespace SharpInfer.Cli.Convert;

/// <summary>
/// <c>sharpinfer convert</c>: checkpoint-to-checkpoint weight conversions, written shard by shard to a
/// new folder (progress on stderr, a summary on stdout).
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(CliIo io) => new("convert", "Convert a checkpoint's weights into a new model folder.")
    {
        Conversion(io, "fp8-to-bf16", "DeepSeek-style block-FP8 (e4m3fn + weight_scale_inv) weights to BF16.", Fp8ToBf16Converter.Convert),
        Conversion(io, "fp8-gaudi", "FP8 e4m3fn weights to e4m3fnuz for Gaudi, scales doubled.", Fp8GaudiConverter.Convert),
    };

    private static Command Conversion(CliIo io, string name, string description, Func<string, string, bool, Action<string>, string> convert)
    {
        var input = new Option<string>("--input") { Description = "Model folder to read.", Required = true };
        var output = new Option<string>("--output") { Description = "Folder to write (must be empty or absent).", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a non-empty --output, replacing its weights." };
        var command = new Command(name, description) { input, output, force };
        command.SetAction(parse =>
        {
            var summary = convert(
                ModelFlags.ModelDirectory(parse.GetValue(input)!), Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(force),
                line => io.Error.WriteLine(line));
            io.Out.WriteLine(summary);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using SharpInfer.Core;

namespace SharpInfer.Cli.Bench;

/// <summary>The flags both bench commands take; one instance per command, read into a <see cref="BenchSetup"/>.</summary>
internal sealed class BenchOptions
{
    public Option<string> Model { get; } = ModelFlags.Model();
    public Option<string> LoadFormat { get; } = ModelFlags.LoadFormat();
    public Option<string?> HfOverrides { get; } = ModelFlags.HfOverrides();
    public Option<string?> Quantization { get; } = ModelFlags.Quantization();
    public Option<int?> InputLen { get; } = new("--input-len") { Description = "Prompt length in tokens (random token ids)." };
    public Option<int?> OutputLen { get; } = new("--output-len") { Description = "Tokens generated per request (eos is ignored)." };

    public Option<int> BlockSize { get; } = EngineFlags.BlockSizeOption(defaultBlockSize: 16);

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed for the random prompts and for dummy weights.",
        DefaultValueFactory = _ => 0UL,
    };

    public Option<string?> OutputJson { get; } = new("--output-json") { Description = "Also write the results to this JSON file." };

    public IEnumerable<Option> All => [Model, LoadFormat, HfOverrides, Quantization, InputLen, OutputLen, BlockSize, Seed, OutputJson];

    public BenchSetup Read(ParseResult parse)
    {
        var blockSize = EngineFlags.CheckBlockSize(parse.GetValue(BlockSize));
        return new BenchSetup(
            ModelFlags.ModelDirectory(parse.GetValue(Model)!),
            ModelFlags.ParseLoadFormat(parse.GetValue(LoadFormat)!),
            ModelFlags.ParseQuantization(parse.GetValue(Quantization)),
            blockSize,
            parse.GetValue(Seed),
            OutputPath(parse.GetValue(OutputJson)),
            parse.GetValue(HfOverrides));
    }

    /// <summary>A flag's value, which must be given and be at least 1.</summary>
    public static int Positive(string flag, int? value) => value switch
    {
        null => throw new UserErrorException($"{flag} is required"),
        < 1 => throw new UserErrorException($"{flag} must be a positive integer (got {value})"),
        _ => value.Value,
    };

    /// <summary>Checked before the run, so a long benchmark is not lost to a typo in the path.</summary>
    private static string? OutputPath(string? path)
    {
        if (path is null)
            return null;
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (Directory.Exists(full) || directory is null || !Directory.Exists(directory))
            throw new UserErrorException($"--output-json '{path}' cannot be written: its folder does not exist or it is a folder");
        return full;
    }
}

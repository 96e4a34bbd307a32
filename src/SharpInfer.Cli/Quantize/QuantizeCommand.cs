using System.CommandLine;
using SharpInfer.Core;
using SharpInfer.Models.Quantization;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Quantize;

/// <summary><c>sharpinfer quantize w8a8</c>: writes a W8A8 compressed-tensors checkpoint from a floating-point one.</summary>
internal static class QuantizeCommand
{
    public static Command Create(CliIo io)
    {
        var input = new Option<string>("--input") { Description = "BF16/F16/F32 model folder to read.", Required = true };
        var output = new Option<string>("--output") { Description = "Folder to write (must be empty or absent).", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a non-empty --output, replacing its weights." };
        var scheme = new Option<string>("--scheme")
        {
            Description = "dynamic: per-token activation scales at run time; static: one calibrated scale per layer input.",
            DefaultValueFactory = _ => "dynamic",
        };
        var calibData = new Option<string?>("--calib-data") { Description = "Calibration text for --scheme static: .jsonl with \"text\" fields, or plain text (one sample per non-blank line)." };
        var calibSamples = new Option<int>("--calib-samples") { Description = "Calibration samples to use (each up to 512 tokens).", DefaultValueFactory = _ => 64 };
        var ignore = new Option<string>("--ignore")
        {
            Description = "Comma-separated layers left unquantized: module names (lm_head), last components (down_proj) or re:REGEX.",
            DefaultValueFactory = _ => "lm_head",
        };
        var w8a8 = new Command("w8a8", "int8 weights per output channel, int8 activations (compressed-tensors layout, as vLLM loads).")
        {
            input, output, force, scheme, calibData, calibSamples, ignore,
        };
        w8a8.SetAction(parse =>
        {
            var inputDirectory = ModelFlags.ModelDirectory(parse.GetValue(input)!);
            var isStatic = parse.GetValue(scheme) switch
            {
                "dynamic" => false,
                "static" => true,
                var other => throw new UserErrorException($"--scheme '{other}' is not supported; use dynamic or static"),
            };
            var calibration = parse.GetValue(calibData);
            if (isStatic != (calibration is not null))
                throw new UserErrorException(isStatic ? "--scheme static needs --calib-data FILE" : "--calib-data is only used with --scheme static");
            var samples = calibration is null ? [] : CalibrationText.Read(calibration, parse.GetValue(calibSamples), Tokenizer.FromDirectory(inputDirectory));
            var options = new W8A8Options(
                inputDirectory, Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(force), isStatic,
                parse.GetValue(ignore)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), samples);
            io.Out.WriteLine(W8A8CheckpointWriter.Write(options, line => io.Error.WriteLine(line)));
            return 0;
        });
        return new Command("quantize", "Quantize a checkpoint into a new model folder.") { w8a8 };
    }
}

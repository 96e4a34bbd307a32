using System.CommandLine;
using SharpInfer.Core;
using SharpInfer.Models;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Cli;

/// <summary>Flags shared by commands that open a model folder.</summary>
internal static class ModelFlags
{
    public static Option<string> Model() => new("--model")
    {
        Description = "Hugging Face model folder (config.json, *.safetensors, tokenizer.json).",
        Required = true,
    };

    public static Option<string> LoadFormat() => new("--load-format")
    {
        Description = "auto|safetensors: read the checkpoint; dummy: seeded random weights from config.json alone.",
        DefaultValueFactory = _ => "auto",
    };

    public static Option<string?> HfOverrides() => new("--hf-overrides")
    {
        Description = "JSON object merged into config.json before loading (as vLLM), e.g. '{\"num_hidden_layers\": 4}'.",
    };

    public static Option<string?> Quantization() => new("--quantization", "-q")
    {
        Description = "w8a8: quantize the linear layers of a BF16/F16/F32 model to int8 while loading (activations int8 per token). W8A8 checkpoints load as int8 without it.",
    };

    public static WeightQuantization ParseQuantization(string? value) => value switch
    {
        null or "none" => WeightQuantization.None,
        "w8a8" => WeightQuantization.W8A8,
        _ => throw new UserErrorException($"--quantization '{value}' is not supported; use w8a8 (or leave it out)"),
    };

    public static LoadFormat ParseLoadFormat(string value) => value switch
    {
        "auto" or "safetensors" => Models.LoadFormat.Safetensors,
        "dummy" => Models.LoadFormat.Dummy,
        _ => throw new UserErrorException($"--load-format '{value}' is not supported; use auto, safetensors or dummy"),
    };

    public static string ModelDirectory(string path)
    {
        if (!Directory.Exists(path))
            throw new UserErrorException($"model folder '{path}' does not exist; pass --model with a Hugging Face model folder");
        return Path.GetFullPath(path);
    }
}

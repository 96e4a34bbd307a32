using System.CommandLine;
using SharpInfer.Core;
using SharpInfer.Models;

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

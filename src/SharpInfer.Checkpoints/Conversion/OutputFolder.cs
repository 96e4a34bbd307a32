using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Checkpoints.Writing;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Conversion;

/// <summary>
/// The output side of a checkpoint conversion: refuses a non-empty folder unless forced, and copies the
/// files a converted model still needs (tokenizer, generation config, chat template, ...).
/// </summary>
public static class OutputFolder
{
    public static void Prepare(string input, string output, bool force)
    {
        if (Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar))
            throw new UserErrorException($"--output is the same folder as --input ({input}); choose a new folder");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            if (!force)
                throw new UserErrorException($"output folder {output} is not empty; choose an empty folder or pass --force to overwrite");
            // Stale shards from an earlier run would make the folder inconsistent with its new index.
            foreach (var stale in Directory.EnumerateFiles(output, "*.safetensors"))
                File.Delete(stale);
            File.Delete(Path.Combine(output, SafetensorsCheckpoint.IndexFileName));
        }
        Directory.CreateDirectory(output);
    }

    /// <summary>
    /// Copies every top-level file except the weights, their index, config.json (rewritten by the caller)
    /// and <paramref name="skip"/>; returns the names copied. Subfolders are not copied.
    /// </summary>
    public static IReadOnlyList<string> CopySmallFiles(string input, string output, params string[] skip)
    {
        var copied = new List<string>();
        foreach (var path in Directory.EnumerateFiles(input).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.EndsWith(".safetensors", StringComparison.Ordinal) || name == SafetensorsCheckpoint.IndexFileName
                || name == "config.json" || name.StartsWith('.') || skip.Contains(name))
                continue;
            AtomicFile.Copy(path, Path.Combine(output, name));
            copied.Add(name);
        }
        return copied;
    }

    /// <summary>Reads input/config.json, lets <paramref name="edit"/> change it, writes it to output.</summary>
    public static void RewriteConfig(string input, string output, Action<JsonObject> edit)
    {
        var path = Path.Combine(input, "config.json");
        if (!File.Exists(path))
            throw new UserErrorException($"config.json not found in {input}; expected a Hugging Face model folder");
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new UserErrorException($"{path} must hold a JSON object");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path} is not valid JSON: {e.Message}");
        }
        edit(config);
        AtomicFile.WriteAllText(Path.Combine(output, "config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}

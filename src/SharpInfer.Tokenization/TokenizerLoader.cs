using System.Text.Json;
using SharpInfer.Core;
using SharpInfer.Tokenization.Models;

namespace SharpInfer.Tokenization;

/// <summary>Reads tokenizer.json (+ tokenizer_config.json) into a <see cref="Tokenizer"/>, with one-line errors for bad files.</summary>
internal static class TokenizerLoader
{
    public static Tokenizer FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new UserErrorException($"model folder '{directory}' does not exist");
        var path = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(path))
            throw new UserErrorException(
                $"{path}: not found; SharpInfer reads Hugging Face 'fast' tokenizers (tokenizer.json) — save one with transformers' tokenizer.save_pretrained()");
        var config = Path.Combine(directory, "tokenizer_config.json");
        return FromFile(path, File.Exists(config) ? config : null);
    }

    public static Tokenizer FromFile(string path, string? configPath)
    {
        var json = new TokenizerJson(path);
        using var document = Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model))
            throw json.Error("not a Hugging Face tokenizer.json (no \"model\" section)");

        var pipeline = new PipelineReader(json);
        var bpe = BpeModelReader.Read(model, json, out var vocabulary);
        return new Tokenizer(new TokenizerParts(
            Added: new AddedVocabulary(ReadAddedTokens(root, json)),
            Normalizer: pipeline.Normalizer(Section(root, "normalizer")),
            PreTokenizer: pipeline.PreTokenizer(Section(root, "pre_tokenizer")),
            Model: bpe,
            Vocabulary: vocabulary,
            Decoder: pipeline.Decoder(Section(root, "decoder")),
            PostProcessors: pipeline.PostProcessors(Section(root, "post_processor")),
            CleanUpTokenizationSpaces: configPath is not null && ReadCleanUpFlag(configPath)));
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{path}: not valid JSON ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{path}: cannot be read ({e.Message})");
        }
    }

    /// <summary>A pipeline section; a missing one reads as JSON null (no such stage).</summary>
    private static JsonElement Section(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : NullElement;

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    private static List<AddedToken> ReadAddedTokens(JsonElement root, TokenizerJson json)
    {
        var tokens = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var array) || array.ValueKind == JsonValueKind.Null)
            return tokens;
        if (array.ValueKind != JsonValueKind.Array)
            throw json.Error("\"added_tokens\" must be an array");
        foreach (var entry in array.EnumerateArray())
        {
            var where = $"added_tokens[{tokens.Count}]";
            if (!entry.TryGetProperty("id", out var id) || !id.TryGetInt32(out var value) || value < 0)
                throw json.Error($"{where}: \"id\" must be a non-negative integer");
            var special = TokenizerJson.Bool(entry, "special", false);
            tokens.Add(new AddedToken(
                value,
                json.String(entry, "content", where),
                special,
                SingleWord: TokenizerJson.Bool(entry, "single_word", false),
                LeftStrip: TokenizerJson.Bool(entry, "lstrip", false),
                RightStrip: TokenizerJson.Bool(entry, "rstrip", false),
                Normalized: TokenizerJson.Bool(entry, "normalized", !special)));
        }
        return tokens;
    }

    private static bool ReadCleanUpFlag(string configPath)
    {
        try
        {
            using var config = JsonDocument.Parse(File.ReadAllBytes(configPath));
            return config.RootElement.ValueKind == JsonValueKind.Object && TokenizerJson.Bool(config.RootElement, "clean_up_tokenization_spaces", false);
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"{configPath}: not valid JSON ({e.Message})");
        }
    }
}

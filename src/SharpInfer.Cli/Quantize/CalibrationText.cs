using System.Text.Json;
using SharpInfer.Core;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Quantize;

/// <summary>
/// Calibration samples from a file: JSON Lines with a "text" field per line (.jsonl), otherwise plain text
/// with one sample per non-blank line (as wikitext stores a paragraph per line). The first N non-empty samples are tokenized (no special tokens) and
/// cut to <see cref="MaxTokens"/> tokens.
/// </summary>
internal static class CalibrationText
{
    public const int MaxTokens = 512;

    public static IReadOnlyList<int[]> Read(string path, int samples, Tokenizer tokenizer)
    {
        if (!File.Exists(path))
            throw new UserErrorException($"--calib-data file '{path}' does not exist");
        if (samples < 1)
            throw new UserErrorException($"--calib-samples must be at least 1 (got {samples})");
        var texts = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? JsonLines(path) : Lines(path);
        var result = texts.Where(t => !string.IsNullOrWhiteSpace(t)).Take(samples)
            .Select(t => tokenizer.Encode(t)).Where(ids => ids.Length > 0)
            .Select(ids => ids.Length > MaxTokens ? ids[..MaxTokens] : ids).ToList();
        if (result.Count == 0)
            throw new UserErrorException($"--calib-data '{path}' holds no text to calibrate on");
        return result;
    }

    private static IEnumerable<string> JsonLines(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string? text;
            try
            {
                using var document = JsonDocument.Parse(line);
                text = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("text", out var field) && field.ValueKind == JsonValueKind.String
                    ? field.GetString()
                    : null;
            }
            catch (JsonException e)
            {
                throw new UserErrorException($"--calib-data '{path}' line {lineNumber} is not JSON: {e.Message}");
            }
            yield return text ?? throw new UserErrorException($"--calib-data '{path}' line {lineNumber} has no string field \"text\"");
        }
    }

    private static IEnumerable<string> Lines(string path) => File.ReadLines(path).Select(line => line.Trim());
}

using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>Reading dataset files, with user errors that name the file and the problem.</summary>
internal static class DatasetFile
{
    public static JsonNode? ParseJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"--dataset-path '{path}' is not valid JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--dataset-path '{path}' cannot be read: {e.Message}");
        }
    }

    public static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"--dataset-path '{path}' cannot be read: {e.Message}");
        }
    }

    public static IReadOnlyList<BenchPrompt> Enough(List<BenchPrompt> prompts, int count, string path, string what) =>
        prompts.Count == count ? prompts
            : throw new UserErrorException($"--dataset-path '{path}' has only {prompts.Count} {what}; lower --num-prompts to at most {prompts.Count}");
}

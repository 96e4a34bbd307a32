using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// A JSON Lines file of <c>{"prompt": "...", "output_len": N}</c> (vLLM's custom dataset); lines without
/// <c>output_len</c> ask for <c>--random-output-len</c> tokens. Lines are used in file order.
/// </summary>
internal static class JsonlDataset
{
    public static IReadOnlyList<BenchPrompt> Sample(string path, Tokenizer tokenizer, int count, int defaultOutputLen)
    {
        var prompts = new List<BenchPrompt>(count);
        var lineNumber = 0;
        foreach (var line in DatasetFile.ReadLines(path))
        {
            lineNumber++;
            if (prompts.Count == count)
                break;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException e)
            {
                throw new UserErrorException($"--dataset-path '{path}' line {lineNumber}: not valid JSON ({e.Message})");
            }
            if (node?["prompt"] is not JsonValue promptValue || !promptValue.TryGetValue<string>(out var prompt))
                throw new UserErrorException($"--dataset-path '{path}' line {lineNumber}: expected an object with a string \"prompt\"");
            var outputLen = defaultOutputLen;
            if (node["output_len"] is { } outputNode && (outputNode is not JsonValue v || !v.TryGetValue(out outputLen) || outputLen < 1))
                throw new UserErrorException($"--dataset-path '{path}' line {lineNumber}: \"output_len\" must be a positive integer");
            prompts.Add(new BenchPrompt(prompt, tokenizer.Encode(prompt).Length, outputLen));
        }
        return DatasetFile.Enough(prompts, count, path, "prompts");
    }
}

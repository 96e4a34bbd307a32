using System.Text.Json;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// vLLM's ShareGPT dataset: a JSON list of <c>{"conversations": [{"from", "value"}, ...]}</c>; the first turn is
/// the prompt and the second the reference completion, whose token count is the output length unless
/// <c>--sharegpt-output-len</c> fixes it. Conversations are shuffled with the seed; pairs with a prompt or
/// output under 4 tokens (the output check only without a fixed length), a prompt over 1024 or a total over 2048 are skipped (vLLM's filter).
/// </summary>
internal static class ShareGptDataset
{
    public static IReadOnlyList<BenchPrompt> Sample(string path, Tokenizer tokenizer, int count, int? fixedOutputLen, Random random)
    {
        var root = DatasetFile.ParseJson(path);
        if (root is not JsonArray entries)
            throw new UserErrorException($"--dataset-path '{path}' is not a ShareGPT file: expected a JSON list of {{\"conversations\": [...]}} objects");
        var pairs = entries
            .Select(e => e?["conversations"] as JsonArray)
            .Where(c => c is { Count: >= 2 })
            .Select(c => (Prompt: Value(c![0]), Completion: Value(c[1])))
            .Where(p => p.Prompt is not null && p.Completion is not null)
            .ToArray();
        random.Shuffle(pairs);
        var prompts = new List<BenchPrompt>(count);
        foreach (var (prompt, completion) in pairs)
        {
            if (prompts.Count == count)
                break;
            var promptLen = tokenizer.Encode(prompt!).Length;
            var outputLen = fixedOutputLen ?? tokenizer.Encode(completion!).Length;
            if (promptLen < 4 || (fixedOutputLen is null && outputLen < 4) || promptLen > 1024 || promptLen + outputLen > 2048)
                continue;
            prompts.Add(new BenchPrompt(prompt!, promptLen, outputLen));
        }
        return DatasetFile.Enough(prompts, count, path, "usable conversations");
    }

    private static string? Value(JsonNode? turn) => turn?["value"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

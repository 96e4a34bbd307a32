using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>The eval command's flags.</summary>
internal sealed record EvalSettings(
    string BaseUrl, string Model, string Tasks, string DataDir, int? NumFewshot, int? Limit, int Concurrency,
    bool Chat, ulong Seed, int? MaxTokens, string? OutputJson)
{
    public void Validate()
    {
        if (NumFewshot is < 0)
            throw new UserErrorException($"--num-fewshot must be 0 or more, got {NumFewshot}");
        if (Limit is < 1)
            throw new UserErrorException($"--limit must be at least 1, got {Limit}");
        if (Concurrency < 1)
            throw new UserErrorException($"--concurrency must be at least 1, got {Concurrency}");
        if (MaxTokens is < 1)
            throw new UserErrorException($"--max-tokens must be at least 1, got {MaxTokens}");
        if (!Directory.Exists(DataDir))
            throw new UserErrorException($"--data-dir '{DataDir}' is not a folder");
    }

    /// <summary>The run's settings at the top of --output-json, so two files can be told apart.</summary>
    public JsonObject ToJson(string resolvedBaseUrl) => new()
    {
        ["model"] = Model,
        ["base_url"] = resolvedBaseUrl,
        ["tasks"] = Tasks,
        ["num_fewshot"] = NumFewshot,
        ["limit"] = Limit,
        ["chat"] = Chat,
        ["seed"] = Seed,
        ["max_tokens"] = MaxTokens,
    };
}

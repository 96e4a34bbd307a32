using SharpInfer.Core;
using SharpInfer.Models;
using SharpInfer.Models.Quantization;

namespace SharpInfer.Cli;

/// <summary>The parsed flags of <c>generate</c>.</summary>
internal sealed record GenerateRequest(
    string ModelDirectory, LoadFormat LoadFormat, WeightQuantization Quantization, string? Prompt, string? PromptIds, string? Chat,
    int MaxTokens, float Temperature, ulong Seed, int Logprobs, bool PromptLogprobs, bool Json, int? MaxModelLength,
    string? HfOverrides)
{
    public void Validate()
    {
        var sources = (Prompt is null ? 0 : 1) + (PromptIds is null ? 0 : 1) + (Chat is null ? 0 : 1);
        if (sources != 1)
            throw new UserErrorException("give exactly one of --prompt, --prompt-ids or --chat");
        if (MaxTokens < 1)
            throw new UserErrorException($"--max-tokens must be at least 1 (got {MaxTokens})");
        if (Temperature < 0 || float.IsNaN(Temperature))
            throw new UserErrorException($"--temperature must be 0 (greedy) or positive (got {Temperature})");
        if (Logprobs < 0)
            throw new UserErrorException($"--logprobs must be 0 or more (got {Logprobs})");
        if (MaxModelLength is < 1)
            throw new UserErrorException($"--max-model-len must be positive (got {MaxModelLength})");
    }
}

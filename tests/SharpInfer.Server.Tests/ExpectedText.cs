using SharpInfer.Tokenization;

namespace SharpInfer.Server.Tests;

/// <summary>The text a server should return for generated ids, computed independently of the server.</summary>
internal static class ExpectedText
{
    /// <summary>
    /// The generated ids' text as a continuation of the prompt (special tokens skipped): the decoded
    /// prompt + output minus the decoded prompt, so a SentencePiece leading space after the prompt is kept.
    /// </summary>
    public static string Continuation(Tokenizer tokenizer, IReadOnlyList<int> promptIds, IReadOnlyList<int> generatedIds)
    {
        var prompt = tokenizer.Decode(promptIds, skipSpecialTokens: true);
        var full = tokenizer.Decode([.. promptIds, .. generatedIds], skipSpecialTokens: true);
        Assert.StartsWith(prompt, full, StringComparison.Ordinal);
        return full[prompt.Length..];
    }
}

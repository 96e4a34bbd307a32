namespace SharpInfer.Tokenization.Models;

/// <summary>The BPE model's switches from tokenizer.json (<c>model.*</c>).</summary>
internal sealed record BpeOptions(
    string? UnknownToken,
    bool FuseUnknown,
    bool ByteFallback,
    bool IgnoreMerges,
    string ContinuingSubwordPrefix,
    string EndOfWordSuffix);

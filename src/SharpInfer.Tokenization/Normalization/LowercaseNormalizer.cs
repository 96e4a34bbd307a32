namespace SharpInfer.Tokenization.Normalization;

/// <summary>Unicode lowercasing, independent of the machine's culture.</summary>
internal sealed class LowercaseNormalizer : INormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}

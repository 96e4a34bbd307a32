using System.Text.RegularExpressions;

namespace SharpInfer.Tokenization.Normalization;

/// <summary>Replaces every match of a literal string or a regex with <c>content</c>.</summary>
internal sealed class ReplaceNormalizer(Regex pattern, string content) : INormalizer
{
    public string Normalize(string text) => pattern.Replace(text, content.Replace("$", "$$", StringComparison.Ordinal));
}

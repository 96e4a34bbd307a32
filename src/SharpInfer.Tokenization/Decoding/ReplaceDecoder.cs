using System.Text.RegularExpressions;

namespace SharpInfer.Tokenization.Decoding;

/// <summary>Replaces a literal string or regex in each piece ("▁" → " " for SentencePiece vocabularies).</summary>
internal sealed class ReplaceDecoder(Regex pattern, string content) : IDecoder
{
    public void Decode(List<string> tokens)
    {
        var replacement = content.Replace("$", "$$", StringComparison.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
            tokens[i] = pattern.Replace(tokens[i], replacement);
    }
}

namespace SharpInfer.Tokenization.Normalization;

/// <summary>Prepends a fixed string (SentencePiece's "▁") to non-empty text.</summary>
internal sealed class PrependNormalizer(string prefix) : INormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

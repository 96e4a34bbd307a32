namespace SharpInfer.Tokenization.Normalization;

/// <summary>One step of tokenizer.json's <c>normalizer</c>, applied to each plain-text segment.</summary>
internal interface INormalizer
{
    string Normalize(string text);
}

namespace SharpInfer.Tokenization;

/// <summary>
/// An entry of tokenizer.json's <c>added_tokens</c>: matched in the text before the model sees it.
/// <see cref="Normalized"/> tokens are matched after normalization, the others in the raw text.
/// </summary>
internal sealed record AddedToken(
    int Id,
    string Content,
    bool Special,
    bool SingleWord,
    bool LeftStrip,
    bool RightStrip,
    bool Normalized);

namespace SharpInfer.Tokenization;

/// <summary>A stretch of input text: either plain text for the model, or one recognized added token.</summary>
internal readonly record struct TextSegment(string Text, int AddedTokenId)
{
    public const int NotAdded = -1;

    public bool IsAddedToken => AddedTokenId != NotAdded;

    public static TextSegment Plain(string text) => new(text, NotAdded);
}

namespace SharpInfer.Tokenization;

/// <summary>
/// Turns a stream of generated ids into text deltas. Each step decodes a short window of recent ids and
/// emits only what is new, holding text back while it ends in an incomplete UTF-8 character (U+FFFD), so
/// a multi-byte character split over several tokens is emitted whole. The window starts a few tokens
/// back so decoders that treat the first token specially (SentencePiece's leading-space strip) see context.
/// </summary>
public sealed class IncrementalDetokenizer
{
    private const int ContextTokens = 5;

    private readonly Tokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly List<int> _ids;
    private int _prefixOffset;
    private int _readOffset;

    internal IncrementalDetokenizer(Tokenizer tokenizer, IReadOnlyList<int> promptIds, bool skipSpecialTokens)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
        _ids = new List<int>(promptIds);
        _readOffset = _ids.Count;
        _prefixOffset = Math.Max(0, _readOffset - ContextTokens);
    }

    /// <summary>Adds one generated id; returns the text it completes (often empty while a character is partial).</summary>
    public string Append(int id)
    {
        _ids.Add(id);
        return Advance(final: false);
    }

    /// <summary>Returns any text still held back (at the end of the stream, even an incomplete character).</summary>
    public string Flush() => Advance(final: true);

    private string Advance(bool final)
    {
        if (_readOffset == _ids.Count)
            return "";
        var prefixText = Decode(_prefixOffset, _readOffset);
        var fullText = Decode(_prefixOffset, _ids.Count);
        if (!final && (fullText.Length <= prefixText.Length || fullText.EndsWith('\uFFFD')))
            return "";
        var delta = fullText.Length > prefixText.Length ? fullText[prefixText.Length..] : "";
        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return delta;
    }

    private string Decode(int start, int end) =>
        _tokenizer.Decode(_ids.GetRange(start, end - start), _skipSpecialTokens);
}

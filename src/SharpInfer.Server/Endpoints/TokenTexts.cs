using SharpInfer.Tokenization;

namespace SharpInfer.Server.Endpoints;

/// <summary>
/// The text each token adds to a choice, for log-probability entries. A token decoded on its own can lose
/// what its context gives it (SentencePiece drops a word's leading space at the start of a text), so each
/// token is decoded after a few tokens of context and only the added text is kept: the tokens then spell
/// the choice's text exactly and <c>text_offset</c> values line up.
/// </summary>
internal sealed class TokenTexts(Tokenizer tokenizer, IEnumerable<int> context)
{
    private const int ContextTokens = 4;
    private readonly List<int> _context = context.TakeLast(ContextTokens).ToList();

    /// <summary>The text <paramref name="id"/> would add after the tokens so far.</summary>
    public string Of(int id)
    {
        var before = tokenizer.Decode(_context);
        var after = tokenizer.Decode([.. _context, id]);
        return after.StartsWith(before, StringComparison.Ordinal) ? after[before.Length..] : tokenizer.Decode([id]);
    }

    /// <summary>Moves past the token that was chosen.</summary>
    public void Push(int id)
    {
        _context.Add(id);
        if (_context.Count > ContextTokens)
            _context.RemoveAt(0);
    }
}

namespace SharpInfer.Tokenization;

/// <summary>
/// Finds added tokens (<c>&lt;|im_start|&gt;</c>, <c>&lt;s&gt;</c>...) in text the way Hugging Face does:
/// leftmost-longest matches, honouring <c>single_word</c>, <c>lstrip</c> and <c>rstrip</c>. Tokens with
/// <c>normalized: false</c> are found in the raw text, the others in each normalized segment.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<int, AddedToken> _byId;
    private readonly Dictionary<string, AddedToken> _byContent;
    private readonly Dictionary<char, AddedToken[]> _rawByFirstChar;
    private readonly Dictionary<char, AddedToken[]> _normalizedByFirstChar;

    public AddedVocabulary(IReadOnlyList<AddedToken> tokens)
    {
        _byId = new Dictionary<int, AddedToken>();
        _byContent = new Dictionary<string, AddedToken>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            _byId[token.Id] = token;
            _byContent.TryAdd(token.Content, token);
        }
        _rawByFirstChar = IndexByFirstChar(tokens.Where(t => !t.Normalized));
        _normalizedByFirstChar = IndexByFirstChar(tokens.Where(t => t.Normalized));
    }

    public IEnumerable<AddedToken> Tokens => _byId.Values;

    public bool HasNormalizedTokens => _normalizedByFirstChar.Count > 0;

    public bool TryGet(int id, out AddedToken token) => _byId.TryGetValue(id, out token!);

    public bool TryGet(string content, out AddedToken token) => _byContent.TryGetValue(content, out token!);

    /// <summary>Appends the segments of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void Split(string text, bool normalizedTokens, List<TextSegment> output)
    {
        var index = normalizedTokens ? _normalizedByFirstChar : _rawByFirstChar;
        if (index.Count == 0)
        {
            output.Add(TextSegment.Plain(text));
            return;
        }

        var plainStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!index.TryGetValue(text[i], out var candidates) || FindMatch(text, i, candidates) is not { } token)
            {
                i++;
                continue;
            }

            var start = i;
            var end = i + token.Content.Length;
            if (token.LeftStrip)
                while (start > plainStart && char.IsWhiteSpace(text[start - 1]))
                    start--;
            if (token.RightStrip)
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                    end++;
            if (start > plainStart)
                output.Add(TextSegment.Plain(text[plainStart..start]));
            output.Add(new TextSegment(token.Content, token.Id));
            plainStart = i = end;
        }

        if (plainStart < text.Length)
            output.Add(TextSegment.Plain(text[plainStart..]));
    }

    private static AddedToken? FindMatch(string text, int position, AddedToken[] candidatesLongestFirst)
    {
        foreach (var token in candidatesLongestFirst)
        {
            if (!text.AsSpan(position).StartsWith(token.Content, StringComparison.Ordinal))
                continue;
            if (token.SingleWord && !IsWholeWord(text, position, position + token.Content.Length))
                continue;
            return token;
        }
        return null;
    }

    private static bool IsWholeWord(string text, int start, int end) =>
        (start == 0 || !IsWordChar(text[start - 1])) && (end == text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static Dictionary<char, AddedToken[]> IndexByFirstChar(IEnumerable<AddedToken> tokens) =>
        tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
}

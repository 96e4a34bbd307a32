namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>
/// SentencePiece's Metaspace: spaces become the replacement char ("▁"), which is prepended per the
/// <c>prepend_scheme</c> (always / first / never); with <c>split</c>, each "▁" starts a new piece.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, MetaspacePrependScheme scheme, bool split) : IPreTokenizer
{
    public void PreTokenize(List<string> pieces, bool segmentStartsText)
    {
        var output = new List<string>(pieces.Count * 4);
        for (var i = 0; i < pieces.Count; i++)
        {
            var text = pieces[i].Replace(' ', replacement);
            var prepend = scheme == MetaspacePrependScheme.Always || scheme == MetaspacePrependScheme.First && segmentStartsText && i == 0;
            if (prepend && !text.StartsWith(replacement))
                text = replacement + text;
            if (split)
                SplitBeforeReplacement(text, output);
            else if (text.Length > 0)
                output.Add(text);
        }
        pieces.Clear();
        pieces.AddRange(output);
    }

    private void SplitBeforeReplacement(string text, List<string> output)
    {
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != replacement)
                continue;
            output.Add(text[start..i]);
            start = i;
        }
        if (start < text.Length)
            output.Add(text[start..]);
    }
}

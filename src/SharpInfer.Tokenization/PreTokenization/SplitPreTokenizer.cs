using System.Text.RegularExpressions;

namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>
/// Splits pieces on a regex (tokenizer.json's Split, and Digits / Whitespace / WhitespaceSplit, which are
/// fixed patterns of it). With <c>invert</c>, the pattern describes the pieces and the gaps are delimiters.
/// </summary>
internal sealed class SplitPreTokenizer(Regex pattern, SplitBehavior behavior, bool invert) : IPreTokenizer
{
    public void PreTokenize(List<string> pieces, bool segmentStartsText)
    {
        var output = new List<string>(pieces.Count * 4);
        foreach (var piece in pieces)
            Split(piece, output);
        pieces.Clear();
        pieces.AddRange(output);
    }

    private void Split(string piece, List<string> output)
    {
        var spans = new List<(int Start, int End, bool IsDelimiter)>();
        var position = 0;
        foreach (var match in pattern.EnumerateMatches(SurrogateProxy.For(piece)))
        {
            if (match.Length == 0)
                continue;
            if (match.Index > position)
                spans.Add((position, match.Index, invert));
            spans.Add((match.Index, match.Index + match.Length, !invert));
            position = match.Index + match.Length;
        }
        if (position < piece.Length)
            spans.Add((position, piece.Length, invert));

        switch (behavior)
        {
            case SplitBehavior.MergedWithPrevious:
                MergeDelimiters(piece, spans, output);
                break;
            case SplitBehavior.MergedWithNext:
                // The mirror image of merging with the previous piece: reverse, merge, reverse back.
                spans.Reverse();
                var reversed = new List<string>();
                MergeDelimiters(piece, spans, reversed, prepend: true);
                reversed.Reverse();
                output.AddRange(reversed);
                break;
            default:
                for (var i = 0; i < spans.Count; i++)
                {
                    var (start, end, isDelimiter) = spans[i];
                    if (isDelimiter && behavior == SplitBehavior.Removed)
                        continue;
                    if (isDelimiter && behavior == SplitBehavior.Contiguous && i > 0 && spans[i - 1].IsDelimiter)
                        output[^1] += piece[start..end];
                    else
                        output.Add(piece[start..end]);
                }
                break;
        }
    }

    /// <summary>A delimiter joins the piece before it unless that piece is itself a delimiter (HF's rule).</summary>
    private static void MergeDelimiters(string piece, List<(int Start, int End, bool IsDelimiter)> spans, List<string> output, bool prepend = false)
    {
        var first = output.Count;
        var previousWasDelimiter = false;
        foreach (var (start, end, isDelimiter) in spans)
        {
            var text = piece[start..end];
            if (isDelimiter && !previousWasDelimiter && output.Count > first)
                output[^1] = prepend ? text + output[^1] : output[^1] + text;
            else
                output.Add(text);
            previousWasDelimiter = isDelimiter;
        }
    }
}

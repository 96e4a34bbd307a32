using System.Text;

namespace SharpInfer.Server.Reasoning;

/// <summary>
/// Splits DeepSeek-R1-style output, <c>&lt;think&gt;reasoning&lt;/think&gt;answer</c>, into reasoning and content as
/// text streams in, with vLLM's <c>deepseek_r1</c> semantics: the output starts in reasoning because R1 (and its
/// distills, whose chat template already ends the prompt with <c>&lt;think&gt;</c>) often never emit the opening
/// tag; the first <c>&lt;/think&gt;</c> switches to content for good; output without any <c>&lt;/think&gt;</c> is all
/// reasoning. The first <c>&lt;think&gt;</c> before the end tag is dropped (later ones are literal text), and text
/// before it stays reasoning (vLLM's non-streamed path drops it; keeping it makes whole and streamed responses agree).
/// </summary>
/// <remarks>
/// Tags are matched on text, not token ids, so they may arrive split across any number of deltas: a suffix
/// that could still grow into a tag is held back until the next <see cref="Feed"/> or <see cref="Flush"/>.
/// Once in content nothing is held back, so answers stream with no delay.
/// </remarks>
internal sealed class ThinkTagParser
{
    private const string StartTag = "<think>";
    private const string EndTag = "</think>";

    private readonly StringBuilder _pending = new();
    private bool _startSeen;
    private bool _inContent;

    /// <summary>Adds the next piece of output; returns what can be emitted now.</summary>
    public ReasoningDelta Feed(string text)
    {
        if (_inContent)
            return new ReasoningDelta("", text);
        var pending = _pending.Append(text).ToString();
        _pending.Clear();
        var reasoning = new StringBuilder();
        while (true)
        {
            var end = pending.IndexOf(EndTag, StringComparison.Ordinal);
            var start = _startSeen ? -1 : pending.IndexOf(StartTag, StringComparison.Ordinal);
            if (start >= 0 && (end < 0 || start < end))
            {
                reasoning.Append(pending, 0, start);
                pending = pending[(start + StartTag.Length)..];
                _startSeen = true;
                continue;
            }
            if (end >= 0)
            {
                reasoning.Append(pending, 0, end);
                _inContent = true;
                return new ReasoningDelta(reasoning.ToString(), pending[(end + EndTag.Length)..]);
            }
            break;
        }
        var hold = HeldBack(pending);
        reasoning.Append(pending, 0, pending.Length - hold);
        _pending.Append(pending, pending.Length - hold, hold);
        return new ReasoningDelta(reasoning.ToString(), "");
    }

    /// <summary>At the end of the output: a held-back partial tag was plain reasoning text after all.</summary>
    public ReasoningDelta Flush()
    {
        var rest = _pending.ToString();
        _pending.Clear();
        return _inContent ? new ReasoningDelta("", rest) : new ReasoningDelta(rest, "");
    }

    /// <summary>A whole output at once: exactly what feeding it in any pieces and flushing would give.</summary>
    public static ReasoningDelta Split(string text)
    {
        var parser = new ThinkTagParser();
        return parser.Feed(text).Then(parser.Flush());
    }

    /// <summary>The longest suffix of the text that is a proper prefix of a tag still being looked for.</summary>
    private int HeldBack(string text)
    {
        var longest = Longest(text, EndTag, 0);
        return _startSeen ? longest : Longest(text, StartTag, longest);
    }

    private static int Longest(string text, string tag, int atLeast)
    {
        for (var length = Math.Min(tag.Length - 1, text.Length); length > atLeast; length--)
        {
            if (text.AsSpan(text.Length - length).SequenceEqual(tag.AsSpan(0, length)))
                return length;
        }
        return atLeast;
    }
}

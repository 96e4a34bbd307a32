using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>
/// GPT-2 byte-level step: optionally a leading space and GPT-2's word regex, then every piece's UTF-8
/// bytes rewritten as <see cref="ByteLevelAlphabet"/> characters, which is what the BPE vocabulary holds.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : IPreTokenizer
{
    private static readonly SplitPreTokenizer Gpt2Words = new(
        new Regex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.Compiled | RegexOptions.CultureInvariant),
        SplitBehavior.Isolated,
        invert: false);

    public void PreTokenize(List<string> pieces, bool segmentStartsText)
    {
        if (addPrefixSpace)
        {
            for (var i = 0; i < pieces.Count; i++)
                if (!pieces[i].StartsWith(' '))
                    pieces[i] = " " + pieces[i];
        }
        if (useRegex)
            Gpt2Words.PreTokenize(pieces, segmentStartsText);
        for (var i = 0; i < pieces.Count; i++)
            pieces[i] = ToByteLevel(pieces[i]);
    }

    public static string ToByteLevel(string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(text, rented);
            return string.Create(written, rented, static (chars, bytes) =>
            {
                for (var i = 0; i < chars.Length; i++)
                    chars[i] = ByteLevelAlphabet.Encode(bytes[i]);
            });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

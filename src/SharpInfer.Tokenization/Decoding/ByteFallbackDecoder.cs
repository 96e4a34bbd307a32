using System.Globalization;
using System.Text;

namespace SharpInfer.Tokenization.Decoding;

/// <summary>
/// Turns runs of byte tokens ("&lt;0xE2&gt;&lt;0x96&gt;&lt;0x81&gt;") back into text; a run that is not valid UTF-8
/// becomes one U+FFFD per byte, as SentencePiece does.
/// </summary>
internal sealed class ByteFallbackDecoder : IDecoder
{
    public void Decode(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByteToken(token, out var b))
            {
                pending.Add(b);
                continue;
            }
            Flush(pending, output);
            output.Add(token);
        }
        Flush(pending, output);
        tokens.Clear();
        tokens.AddRange(output);
    }

    public static bool TryParseByteToken(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0)
            return;
        try
        {
            output.Add(StrictUtf8.GetString(pending.ToArray()));
        }
        catch (DecoderFallbackException)
        {
            output.Add(new string('\uFFFD', pending.Count));
        }
        pending.Clear();
    }
}

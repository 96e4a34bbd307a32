namespace SharpInfer.Tokenization;

/// <summary>
/// GPT-2's reversible byte ↔ printable-char table: printable Latin-1 bytes map to themselves, the other
/// 68 bytes (controls, space, soft hyphen...) to U+0100 onwards, so every byte string becomes visible text.
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = Enumerable.Range(0, 256).ToDictionary(b => ByteToChar[b], b => (byte)b);

    public static char Encode(byte b) => ByteToChar[b];

    public static bool TryDecode(char c, out byte b) => CharToByte.TryGetValue(c, out b);

    private static char[] BuildByteToChar()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= '\u00A1' and <= '\u00AC' or >= '\u00AE' and <= '\u00FF';
            table[b] = (char)(printable ? b : next++);
        }
        return table;
    }
}

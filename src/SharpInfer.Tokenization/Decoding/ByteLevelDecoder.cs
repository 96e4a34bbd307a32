using System.Text;

namespace SharpInfer.Tokenization.Decoding;

/// <summary>
/// Maps byte-level characters back to bytes and decodes them as UTF-8 (invalid sequences become U+FFFD).
/// A token with a character outside the byte alphabet (an added token like "&lt;think&gt;\n") keeps its own UTF-8 bytes.
/// </summary>
internal sealed class ByteLevelDecoder : IDecoder
{
    public void Decode(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var token in tokens)
            AppendBytes(token, bytes);
        tokens.Clear();
        tokens.Add(Encoding.UTF8.GetString(bytes.ToArray()));
    }

    private static void AppendBytes(string token, List<byte> bytes)
    {
        var start = bytes.Count;
        foreach (var c in token)
        {
            if (ByteLevelAlphabet.TryDecode(c, out var b))
                bytes.Add(b);
            else
            {
                bytes.RemoveRange(start, bytes.Count - start);
                bytes.AddRange(Encoding.UTF8.GetBytes(token));
                return;
            }
        }
    }
}

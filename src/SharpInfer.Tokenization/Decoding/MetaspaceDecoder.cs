namespace SharpInfer.Tokenization.Decoding;

/// <summary>Turns "▁" back into spaces and, unless the prepend scheme is "never", drops the space it prepended.</summary>
internal sealed class MetaspaceDecoder(char replacement, bool removesPrependedSpace) : IDecoder
{
    public void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var text = tokens[i].Replace(replacement, ' ');
            if (i == 0 && removesPrependedSpace && text.StartsWith(' '))
                text = text[1..];
            tokens[i] = text;
        }
    }
}

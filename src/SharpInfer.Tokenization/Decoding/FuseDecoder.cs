namespace SharpInfer.Tokenization.Decoding;

/// <summary>Joins all pieces into one, so later steps (Strip) see the whole text.</summary>
internal sealed class FuseDecoder : IDecoder
{
    public void Decode(List<string> tokens)
    {
        var joined = string.Concat(tokens);
        tokens.Clear();
        tokens.Add(joined);
    }
}

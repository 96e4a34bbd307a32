namespace SharpInfer.Tokenization.Decoding;

/// <summary>Applies decoders in order.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<IDecoder> steps) : IDecoder
{
    public void Decode(List<string> tokens)
    {
        foreach (var step in steps)
            step.Decode(tokens);
    }
}

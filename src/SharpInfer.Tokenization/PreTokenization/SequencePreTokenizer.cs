namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>Applies pre-tokenizers in order.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) : IPreTokenizer
{
    public void PreTokenize(List<string> pieces, bool segmentStartsText)
    {
        foreach (var step in steps)
            step.PreTokenize(pieces, segmentStartsText);
    }
}

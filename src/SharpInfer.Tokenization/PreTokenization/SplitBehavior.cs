namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>What happens to the matched delimiters when a piece is split (Hugging Face's SplitDelimiterBehavior).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

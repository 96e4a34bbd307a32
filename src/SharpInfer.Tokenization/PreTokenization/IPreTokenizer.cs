namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>
/// One step of tokenizer.json's <c>pre_tokenizer</c>: rewrites the list of pieces (initially one plain-text
/// segment) into smaller pieces; BPE never merges across pieces.
/// </summary>
internal interface IPreTokenizer
{
    /// <param name="pieces">Pieces to split, replaced in place.</param>
    /// <param name="segmentStartsText">Whether the segment is the first of the input (Metaspace's "first" scheme).</param>
    void PreTokenize(List<string> pieces, bool segmentStartsText);
}

namespace SharpInfer.Tokenization.Decoding;

/// <summary>One step of tokenizer.json's <c>decoder</c>: rewrites token strings into text pieces; the pieces are then concatenated.</summary>
internal interface IDecoder
{
    void Decode(List<string> tokens);
}

using SharpInfer.Tokenization.Decoding;
using SharpInfer.Tokenization.Models;
using SharpInfer.Tokenization.Normalization;
using SharpInfer.Tokenization.PostProcessing;
using SharpInfer.Tokenization.PreTokenization;

namespace SharpInfer.Tokenization;

/// <summary>The pipeline stages read from tokenizer.json, handed to <see cref="Tokenizer"/>.</summary>
internal sealed record TokenizerParts(
    AddedVocabulary Added,
    INormalizer? Normalizer,
    IPreTokenizer? PreTokenizer,
    BpeModel Model,
    Dictionary<string, int> Vocabulary,
    IDecoder? Decoder,
    IReadOnlyList<TemplatePostProcessor> PostProcessors,
    bool CleanUpTokenizationSpaces);

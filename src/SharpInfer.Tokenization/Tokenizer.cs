using SharpInfer.Tokenization.Decoding;
using SharpInfer.Tokenization.Models;
using SharpInfer.Tokenization.Normalization;
using SharpInfer.Tokenization.PostProcessing;
using SharpInfer.Tokenization.PreTokenization;

namespace SharpInfer.Tokenization;

/// <summary>
/// A Hugging Face tokenizer.json, run the way the <c>tokenizers</c> library runs it: added tokens are split
/// out of the raw text, each remaining segment is normalized, pre-tokenized and BPE-encoded; decoding maps
/// ids to token strings and runs the decoder chain. Thread-safe after construction.
/// </summary>
public sealed class Tokenizer
{
    private readonly AddedVocabulary _added;
    private readonly INormalizer? _normalizer;
    private readonly IPreTokenizer? _preTokenizer;
    private readonly BpeModel _model;
    private readonly IDecoder? _decoder;
    private readonly IReadOnlyList<TemplatePostProcessor> _postProcessors;
    private readonly string?[] _idToToken;
    private readonly Dictionary<string, int> _vocabulary;
    private readonly bool _cleanUpTokenizationSpaces;

    internal Tokenizer(TokenizerParts parts)
    {
        _added = parts.Added;
        _normalizer = parts.Normalizer;
        _preTokenizer = parts.PreTokenizer;
        _model = parts.Model;
        _decoder = parts.Decoder;
        _postProcessors = parts.PostProcessors;
        _vocabulary = parts.Vocabulary;
        _cleanUpTokenizationSpaces = parts.CleanUpTokenizationSpaces;

        VocabSize = Math.Max(_vocabulary.Count == 0 ? 0 : _vocabulary.Values.Max() + 1, _added.Tokens.Select(t => t.Id + 1).DefaultIfEmpty(0).Max());
        _idToToken = new string?[VocabSize];
        foreach (var (token, id) in _vocabulary)
            _idToToken[id] = token;
        foreach (var token in _added.Tokens)
            _idToToken[token.Id] = token.Content;
    }

    /// <summary>One more than the largest id the tokenizer knows (models may have a larger, padded vocabulary).</summary>
    public int VocabSize { get; }

    /// <summary>Loads <c>tokenizer.json</c> (and <c>tokenizer_config.json</c> beside it, if present) from a model folder.</summary>
    public static Tokenizer FromDirectory(string directory) => TokenizerLoader.FromDirectory(directory);

    /// <summary>Loads a tokenizer.json file.</summary>
    public static Tokenizer FromFile(string tokenizerJsonPath) => TokenizerLoader.FromFile(tokenizerJsonPath, configPath: null);

    /// <summary>Encodes text as HF's <c>encode(text, add_special_tokens=...)</c>; special tokens written in the text are recognized.</summary>
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        var segments = new List<TextSegment>();
        _added.Split(text, normalizedTokens: false, segments);
        var pieces = new List<string>();
        for (var s = 0; s < segments.Count; s++)
        {
            if (segments[s].IsAddedToken)
            {
                ids.Add(segments[s].AddedTokenId);
                continue;
            }
            var normalized = _normalizer?.Normalize(segments[s].Text) ?? segments[s].Text;
            if (!_added.HasNormalizedTokens)
            {
                EncodePlain(normalized, s == 0, pieces, ids);
                continue;
            }
            var parts = new List<TextSegment>();
            _added.Split(normalized, normalizedTokens: true, parts);
            for (var p = 0; p < parts.Count; p++)
            {
                if (parts[p].IsAddedToken)
                    ids.Add(parts[p].AddedTokenId);
                else
                    EncodePlain(parts[p].Text, s == 0 && p == 0, pieces, ids);
            }
        }

        var result = ids.ToArray();
        if (addSpecialTokens)
            foreach (var processor in _postProcessors)
                result = processor.Apply(result);
        return result;
    }

    /// <summary>
    /// Decodes ids as HF's <c>decode</c>. Ids the tokenizer does not know (a model's padded vocabulary rows)
    /// decode to nothing, as in HF.
    /// </summary>
    public string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (skipSpecialTokens && IsSpecial(id))
                continue;
            if (IdToToken(id) is { } token)
                tokens.Add(token);
        }
        if (_decoder is null)
            return string.Join(' ', tokens);
        _decoder.Decode(tokens);
        var text = string.Concat(tokens);
        return _cleanUpTokenizationSpaces ? TokenizationSpaces.CleanUp(text) : text;
    }

    public int? TokenToId(string token) =>
        _added.TryGet(token, out var added) ? added.Id
        : _vocabulary.TryGetValue(token, out var id) ? id
        : null;

    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    /// <summary>Whether the id is an added token marked <c>special</c> (skipped by <c>skipSpecialTokens</c>).</summary>
    public bool IsSpecial(int id) => _added.TryGet(id, out var token) && token.Special;

    /// <summary>A streaming decoder for tokens generated after <paramref name="promptIds"/>.</summary>
    public IncrementalDetokenizer CreateDetokenizer(IReadOnlyList<int> promptIds, bool skipSpecialTokens) =>
        new(this, promptIds, skipSpecialTokens);

    private void EncodePlain(string text, bool startsText, List<string> pieces, List<int> ids)
    {
        if (text.Length == 0)
            return;
        pieces.Clear();
        pieces.Add(text);
        _preTokenizer?.PreTokenize(pieces, startsText);
        foreach (var piece in pieces)
            if (piece.Length > 0)
                _model.Encode(piece, ids);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SharpInfer.Tokenization.Decoding;
using SharpInfer.Tokenization.Normalization;
using SharpInfer.Tokenization.PostProcessing;
using SharpInfer.Tokenization.PreTokenization;

namespace SharpInfer.Tokenization;

/// <summary>Builds the normalizer, pre-tokenizer, decoder and post-processor described in tokenizer.json.</summary>
internal sealed class PipelineReader(TokenizerJson json)
{
    private const RegexOptions Compiled = RegexOptions.Compiled | RegexOptions.CultureInvariant;

    public INormalizer? Normalizer(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return null;
        var type = json.Type(element, "normalizer");
        return type switch
        {
            "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(TokenizerJson.Bool(element, "strip_left", true), TokenizerJson.Bool(element, "strip_right", true)),
            "Prepend" => new PrependNormalizer(json.String(element, "prepend", "Prepend normalizer")),
            "Replace" => new ReplaceNormalizer(json.Pattern(element, "Replace normalizer"), json.String(element, "content", "Replace normalizer")),
            "Sequence" => new SequenceNormalizer(Items(element, "normalizers", "Sequence normalizer").Select(e => Normalizer(e)!).ToArray()),
            _ => throw json.Unsupported("normalizer", type),
        };
    }

    public IPreTokenizer? PreTokenizer(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return null;
        var type = json.Type(element, "pre_tokenizer");
        return type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(TokenizerJson.Bool(element, "add_prefix_space", true), TokenizerJson.Bool(element, "use_regex", true)),
            "Split" => new SplitPreTokenizer(json.Pattern(element, "Split pre_tokenizer"), Behavior(element), TokenizerJson.Bool(element, "invert", false)),
            // HF's Digits splits on ASCII digits only: "¾" stays with its neighbours.
            "Digits" => new SplitPreTokenizer(
                new Regex(TokenizerJson.Bool(element, "individual_digits", false) ? "[0-9]" : "[0-9]+", Compiled), SplitBehavior.Isolated, invert: false),
            "Whitespace" => new SplitPreTokenizer(new Regex(@"\w+|[^\w\s]+", Compiled), SplitBehavior.Removed, invert: true),
            "WhitespaceSplit" => new SplitPreTokenizer(new Regex(@"\s+", Compiled), SplitBehavior.Removed, invert: false),
            "Metaspace" => new MetaspacePreTokenizer(
                json.Char(element, "replacement", "Metaspace pre_tokenizer"), PrependScheme(element), TokenizerJson.Bool(element, "split", true)),
            "Sequence" => new SequencePreTokenizer(Items(element, "pretokenizers", "Sequence pre_tokenizer").Select(e => PreTokenizer(e)!).ToArray()),
            _ => throw json.Unsupported("pre_tokenizer", type),
        };
    }

    public IDecoder? Decoder(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return null;
        var type = json.Type(element, "decoder");
        return type switch
        {
            "ByteLevel" => new ByteLevelDecoder(),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(
                json.Char(element, "content", "Strip decoder"), TokenizerJson.Int(element, "start", 0), TokenizerJson.Int(element, "stop", 0)),
            "Replace" => new ReplaceDecoder(json.Pattern(element, "Replace decoder"), json.String(element, "content", "Replace decoder")),
            "Metaspace" => new MetaspaceDecoder(
                json.Char(element, "replacement", "Metaspace decoder"), PrependScheme(element) != MetaspacePrependScheme.Never),
            "Sequence" => new SequenceDecoder(Items(element, "decoders", "Sequence decoder").Select(e => Decoder(e)!).ToArray()),
            _ => throw json.Unsupported("decoder", type),
        };
    }

    /// <summary>The special tokens <c>add_special_tokens</c> adds, as a list of templates applied in order.</summary>
    public IReadOnlyList<TemplatePostProcessor> PostProcessors(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return [];
        var type = json.Type(element, "post_processor");
        return type switch
        {
            "ByteLevel" => [],
            "TemplateProcessing" => [Template(element)],
            "BertProcessing" or "RobertaProcessing" => [new TemplatePostProcessor([SpecialPair(element, "cls"), null, SpecialPair(element, "sep")])],
            "Sequence" => Items(element, "processors", "Sequence post_processor").SelectMany(PostProcessors).ToArray(),
            _ => throw json.Unsupported("post_processor", type),
        };
    }

    private TemplatePostProcessor Template(JsonElement element)
    {
        const string section = "TemplateProcessing post_processor";
        var specials = element.TryGetProperty("special_tokens", out var s) ? s : default;
        var items = new List<int[]?>();
        foreach (var item in json.Array(element, "single", section).EnumerateArray())
        {
            if (item.TryGetProperty("Sequence", out _))
                items.Add(null);
            else if (item.TryGetProperty("SpecialToken", out var special))
            {
                var name = json.String(special, "id", section);
                if (specials.ValueKind != JsonValueKind.Object || !specials.TryGetProperty(name, out var entry))
                    throw json.Error($"{section}: special token \"{name}\" is not listed in \"special_tokens\"");
                items.Add(json.Array(entry, "ids", section).EnumerateArray().Select(id => id.GetInt32()).ToArray());
            }
            else
                throw json.Error($"{section}: template items must be \"Sequence\" or \"SpecialToken\"");
        }
        return new TemplatePostProcessor(items);
    }

    private int[] SpecialPair(JsonElement element, string name)
    {
        var pair = json.Array(element, name, "post_processor");
        return pair.GetArrayLength() == 2 && pair[1].ValueKind == JsonValueKind.Number
            ? [pair[1].GetInt32()]
            : throw json.Error($"post_processor: \"{name}\" must be [token, id]");
    }

    private SplitBehavior Behavior(JsonElement element)
    {
        var name = json.String(element, "behavior", "Split pre_tokenizer");
        return Enum.TryParse<SplitBehavior>(name, out var behavior)
            ? behavior
            : throw json.Error($"Split pre_tokenizer: unknown behavior '{name}' (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)");
    }

    private MetaspacePrependScheme PrependScheme(JsonElement element)
    {
        if (TokenizerJson.OptionalString(element, "prepend_scheme") is not { } scheme)
            return TokenizerJson.Bool(element, "add_prefix_space", true) ? MetaspacePrependScheme.Always : MetaspacePrependScheme.Never;
        return scheme switch
        {
            "always" => MetaspacePrependScheme.Always,
            "first" => MetaspacePrependScheme.First,
            "never" => MetaspacePrependScheme.Never,
            _ => throw json.Error($"Metaspace: unknown prepend_scheme '{scheme}' (expected always, first or never)"),
        };
    }

    private IEnumerable<JsonElement> Items(JsonElement element, string name, string section) =>
        json.Array(element, name, section).EnumerateArray();
}

using System.Text.Json;

namespace SharpInfer.Tokenization.Models;

/// <summary>Reads tokenizer.json's <c>model</c> section (BPE only: every supported family uses it).</summary>
internal static class BpeModelReader
{
    public static BpeModel Read(JsonElement model, TokenizerJson json, out Dictionary<string, int> vocabulary)
    {
        var type = json.Type(model, "model");
        if (type != "BPE")
            throw json.Unsupported("model", type);
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
            throw json.Error("model: BPE dropout is a training-time option and is not supported; set \"dropout\" to null");

        var options = new BpeOptions(
            UnknownToken: TokenizerJson.OptionalString(model, "unk_token"),
            FuseUnknown: TokenizerJson.Bool(model, "fuse_unk", false),
            ByteFallback: TokenizerJson.Bool(model, "byte_fallback", false),
            IgnoreMerges: TokenizerJson.Bool(model, "ignore_merges", false),
            ContinuingSubwordPrefix: TokenizerJson.OptionalString(model, "continuing_subword_prefix") ?? "",
            EndOfWordSuffix: TokenizerJson.OptionalString(model, "end_of_word_suffix") ?? "");

        if (!model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
            throw json.Error("model: \"vocab\" must be an object of token → id");
        vocabulary = new Dictionary<string, int>(vocab.GetPropertyCount(), StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
                throw json.Error($"model.vocab: token {JsonSerializer.Serialize(entry.Name)} has id {entry.Value.GetRawText()}, expected a non-negative integer");
            vocabulary[entry.Name] = id;
        }

        var merges = ReadMerges(json.Array(model, "merges", "model"), vocabulary, options, json);
        return new BpeModel(vocabulary, merges, options);
    }

    private static Dictionary<long, BpeMergeRule> ReadMerges(
        JsonElement array, Dictionary<string, int> vocabulary, BpeOptions options, TokenizerJson json)
    {
        var merges = new Dictionary<long, BpeMergeRule>(array.GetArrayLength());
        var rank = 0;
        foreach (var merge in array.EnumerateArray())
        {
            var (left, right) = MergePair(merge, rank, json);
            var merged = left + (options.ContinuingSubwordPrefix.Length > 0 && right.StartsWith(options.ContinuingSubwordPrefix, StringComparison.Ordinal)
                ? right[options.ContinuingSubwordPrefix.Length..]
                : right);
            var leftId = IdOf(left, rank, vocabulary, json);
            var rightId = IdOf(right, rank, vocabulary, json);
            var mergedId = IdOf(merged, rank, vocabulary, json);
            merges.TryAdd(BpeModel.PairKey(leftId, rightId), new BpeMergeRule(rank, mergedId));
            rank++;
        }
        return merges;
    }

    private static (string Left, string Right) MergePair(JsonElement merge, int rank, TokenizerJson json)
    {
        if (merge.ValueKind == JsonValueKind.String)
        {
            var text = merge.GetString()!;
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && text.IndexOf(' ', space + 1) < 0)
                return (text[..space], text[(space + 1)..]);
        }
        else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                 && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
        {
            return (merge[0].GetString()!, merge[1].GetString()!);
        }
        throw json.Error($"model.merges[{rank}]: expected \"left right\" or [\"left\", \"right\"], got {merge.GetRawText()}");
    }

    private static int IdOf(string token, int rank, Dictionary<string, int> vocabulary, TokenizerJson json) =>
        vocabulary.TryGetValue(token, out var id)
            ? id
            : throw json.Error($"model.merges[{rank}]: token {JsonSerializer.Serialize(token)} is not in the vocabulary");
}

using SharpInfer.Tokenization;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// vLLM's random dataset: per prompt, lengths drawn uniformly from <c>[len·(1−r), len·(1+r)]</c>, a run of
/// consecutive vocabulary ids from a random offset after a shared random prefix, decoded to text. Decoded
/// text may re-encode to a different length, so it is re-encoded and trimmed or topped up with random ids
/// until the text is exactly the target number of tokens (special tokens and lone pieces of multi-byte characters are never used).
/// </summary>
internal static class RandomDataset
{
    private const int MaxAdjustments = 10;

    public static IReadOnlyList<BenchPrompt> Sample(Tokenizer tokenizer, int count, int inputLen, int outputLen, double rangeRatio, int prefixLen, Random random)
    {
        var allowed = AllowedIds(tokenizer);
        var prefix = Enumerable.Range(0, prefixLen).Select(_ => allowed[random.Next(allowed.Length)]).ToArray();
        var prompts = new BenchPrompt[count];
        for (var i = 0; i < count; i++)
        {
            var input = Length(inputLen, rangeRatio, random);
            var output = Math.Max(1, Length(outputLen, rangeRatio, random));
            var offset = random.Next(allowed.Length);
            int[] ids = [.. prefix, .. Enumerable.Range(0, input).Select(j => allowed[(offset + i + j) % allowed.Length])];
            var (text, length) = ToText(tokenizer, ids, prefixLen + input, allowed, random);
            prompts[i] = new BenchPrompt(text, length, output);
        }
        return prompts;
    }

    /// <summary>
    /// Ids a random prompt may use: not special, and whole text on their own. Lone byte-fallback pieces of a
    /// multi-byte character decode to U+FFFD, which re-encodes as several tokens and keeps lengths from settling.
    /// </summary>
    private static int[] AllowedIds(Tokenizer tokenizer) =>
    [
        .. Enumerable.Range(0, tokenizer.VocabSize)
            .Where(id => tokenizer.IdToToken(id) is not null && !tokenizer.IsSpecial(id) && !tokenizer.Decode([id]).Contains('\uFFFD', StringComparison.Ordinal)),
    ];

    /// <summary>Uniform integer in [floor(len·(1−r)), ceil(len·(1+r))], as numpy's <c>integers(low, high + 1)</c>.</summary>
    private static int Length(int length, double rangeRatio, Random random)
    {
        var low = (int)Math.Floor(length * (1 - rangeRatio));
        var high = (int)Math.Ceiling(length * (1 + rangeRatio));
        return random.Next(low, high + 1);
    }

    private static (string Text, int Length) ToText(Tokenizer tokenizer, int[] ids, int target, int[] allowed, Random random)
    {
        var text = tokenizer.Decode(ids);
        for (var attempt = 0; attempt < MaxAdjustments; attempt++)
        {
            var encoded = tokenizer.Encode(text);
            if (encoded.Length == target)
                return (text, target);
            ids = encoded.Length > target ? encoded[..target]
                : [.. encoded, .. Enumerable.Range(0, target - encoded.Length).Select(_ => allowed[random.Next(allowed.Length)])];
            text = tokenizer.Decode(ids);
        }
        // Rare: the text keeps merging differently; report its true length rather than the target.
        return (text, tokenizer.Encode(text).Length);
    }
}

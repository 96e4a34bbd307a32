using System.Collections.Concurrent;
using System.Text;

namespace SharpInfer.Tokenization.Models;

/// <summary>
/// Byte-pair encoding of one pre-tokenized piece: start from one symbol per character (or per byte token
/// with <c>byte_fallback</c>), then repeatedly apply the lowest-ranked merge, leftmost first. A heap keeps
/// this O(n log n), so even a whole unsplit SentencePiece text encodes quickly.
/// </summary>
internal sealed class BpeModel
{
    private const int MaxCachedWordLength = 256;
    private const int MaxCacheEntries = 100_000;

    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<long, BpeMergeRule> _merges;
    private readonly BpeOptions _options;
    private readonly int[] _singleCharIds = new int[char.MaxValue + 1];
    private readonly int[] _byteTokenIds = new int[256];
    private readonly int _unknownId = -1;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    public BpeModel(Dictionary<string, int> vocabulary, Dictionary<long, BpeMergeRule> merges, BpeOptions options)
    {
        _vocabulary = vocabulary;
        _merges = merges;
        _options = options;
        Array.Fill(_singleCharIds, -1);
        foreach (var (token, id) in vocabulary)
            if (token.Length == 1)
                _singleCharIds[token[0]] = id;
        for (var b = 0; b < 256; b++)
            _byteTokenIds[b] = vocabulary.GetValueOrDefault($"<0x{b:X2}>", -1);
        if (options.UnknownToken is { } unknown && vocabulary.TryGetValue(unknown, out var unknownId))
            _unknownId = unknownId;
    }

    public static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    public void Encode(string word, List<int> output)
    {
        if (_cache.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        int[] ids = _options.IgnoreMerges && _vocabulary.TryGetValue(word, out var whole) ? [whole] : Merge(InitialSymbols(word));
        if (word.Length <= MaxCachedWordLength)
        {
            if (_cache.Count >= MaxCacheEntries)
                _cache.Clear();
            _cache.TryAdd(word, ids);
        }
        output.AddRange(ids);
    }

    private List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        var plainChars = _options.ContinuingSubwordPrefix.Length == 0 && _options.EndOfWordSuffix.Length == 0;
        var previousWasUnknown = false;
        for (var i = 0; i < word.Length; i++)
        {
            var length = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            var id = plainChars && length == 1 ? _singleCharIds[word[i]] : LookUpSymbol(word, i, length);
            var character = word.AsSpan(i, length);
            i += length - 1;
            if (id >= 0)
            {
                symbols.Add(id);
                previousWasUnknown = false;
            }
            else if (!(_options.ByteFallback && TryAddByteTokens(character, symbols)) && _unknownId >= 0)
            {
                if (!(_options.FuseUnknown && previousWasUnknown))
                    symbols.Add(_unknownId);
                previousWasUnknown = true;
            }
        }
        return symbols;
    }

    private int LookUpSymbol(string word, int start, int length)
    {
        var text = word.Substring(start, length);
        if (start > 0)
            text = _options.ContinuingSubwordPrefix + text;
        if (start + length == word.Length)
            text += _options.EndOfWordSuffix;
        return _vocabulary.GetValueOrDefault(text, -1);
    }

    private bool TryAddByteTokens(ReadOnlySpan<char> character, List<int> symbols)
    {
        Span<byte> bytes = stackalloc byte[4];
        var count = Encoding.UTF8.GetBytes(character, bytes);
        for (var b = 0; b < count; b++)
            if (_byteTokenIds[bytes[b]] < 0)
                return false;
        for (var b = 0; b < count; b++)
            symbols.Add(_byteTokenIds[bytes[b]]);
        return true;
    }

    private int[] Merge(List<int> symbols)
    {
        var count = symbols.Count;
        var ids = symbols.ToArray();
        if (count < 2)
            return ids;
        var previous = new int[count];
        var next = new int[count];
        var alive = new bool[count];
        var queue = new PriorityQueue<(int Position, int MergedId), long>();
        for (var i = 0; i < count; i++)
        {
            previous[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
            alive[i] = true;
            if (i + 1 < count)
                EnqueuePair(queue, ids, i, i + 1);
        }

        var remaining = count;
        while (queue.TryDequeue(out var candidate, out _))
        {
            var left = candidate.Position;
            var right = next[left];
            if (!alive[left] || right < 0
                || !_merges.TryGetValue(PairKey(ids[left], ids[right]), out var rule) || rule.MergedId != candidate.MergedId)
                continue; // stale: one of the two symbols was merged away since this pair was queued

            ids[left] = rule.MergedId;
            alive[right] = false;
            remaining--;
            next[left] = next[right];
            if (next[right] >= 0)
                previous[next[right]] = left;
            if (previous[left] >= 0)
                EnqueuePair(queue, ids, previous[left], left);
            if (next[left] >= 0)
                EnqueuePair(queue, ids, left, next[left]);
        }

        var result = new int[remaining];
        for (int i = 0, written = 0; i >= 0; i = next[i])
            result[written++] = ids[i];
        return result;
    }

    private void EnqueuePair(PriorityQueue<(int, int), long> queue, int[] ids, int left, int right)
    {
        if (_merges.TryGetValue(PairKey(ids[left], ids[right]), out var rule))
            queue.Enqueue((left, rule.MergedId), ((long)rule.Rank << 32) | (uint)left);
    }
}

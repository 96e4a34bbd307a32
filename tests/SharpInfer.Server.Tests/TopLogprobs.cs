using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Tokenization;

namespace SharpInfer.Server.Tests;

/// <summary>Compares a server's top log-probabilities (keyed by token text) with a fixture step's (keyed by id).</summary>
internal static class TopLogprobs
{
    /// <summary>
    /// Every fixture token whose text is unambiguous among the fixture's top entries and that the server
    /// also reports must agree within <paramref name="tolerance"/>; the best token must be reported.
    /// </summary>
    public static void AssertClose(Tokenizer tokenizer, (int Id, double Logprob)[] expected, IReadOnlyDictionary<string, double> actual, double tolerance, string where)
    {
        var texts = expected.Select(e => Keys(tokenizer, e.Id)).ToArray();
        Assert.True(Find(actual, texts[0]) is not null, $"{where}: best token {expected[0].Id} ('{texts[0].First()}') missing from {Describe(actual)}");
        for (var k = 0; k < expected.Length; k++)
        {
            if (texts.Count(t => t.Overlaps(texts[k])) > 1 || Find(actual, texts[k]) is not { } logprob)
                continue;
            Assert.True(Math.Abs(logprob - expected[k].Logprob) <= tolerance,
                string.Create(CultureInfo.InvariantCulture, $"{where}: token {expected[k].Id} ('{texts[k].First()}') logprob {logprob} vs reference {expected[k].Logprob}"));
        }
    }

    /// <summary>
    /// The texts a server may use for a token: the token decoded alone, or, for a SentencePiece word-start
    /// token (▁...), with its leading space (as it appears inside the text).
    /// </summary>
    private static HashSet<string> Keys(Tokenizer tokenizer, int id)
    {
        var alone = tokenizer.Decode([id]);
        var keys = new HashSet<string>(StringComparer.Ordinal) { alone };
        if (tokenizer.IdToToken(id) is { } piece && piece.StartsWith('\u2581') && !alone.StartsWith(' '))
            keys.Add(" " + alone);
        return keys;
    }

    private static double? Find(IReadOnlyDictionary<string, double> actual, HashSet<string> keys) =>
        keys.Select(k => actual.TryGetValue(k, out var v) ? v : (double?)null).FirstOrDefault(v => v is not null);

    /// <summary>A completions <c>top_logprobs</c> entry: <c>{"text": logprob, ...}</c>.</summary>
    public static Dictionary<string, double> FromCompletion(JsonNode? entry) =>
        entry!.AsObject().ToDictionary(p => p.Key, p => (double)p.Value!, StringComparer.Ordinal);

    /// <summary>A chat <c>top_logprobs</c> list: <c>[{"token","logprob","bytes"}, ...]</c> (first occurrence of a text wins).</summary>
    public static Dictionary<string, double> FromChat(JsonNode? list)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in list!.AsArray())
            result.TryAdd((string)item!["token"]!, (double)item["logprob"]!);
        return result;
    }

    private static string Describe(IReadOnlyDictionary<string, double> actual) =>
        string.Join(", ", actual.Select(p => string.Create(CultureInfo.InvariantCulture, $"'{p.Key}'={p.Value}")));
}

using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Tokenization.Tests;

/// <summary>Every line of ../shared/fixtures/tokenizer/*.jsonl: HF's ids for the text, and the text back from the ids.</summary>
public sealed class TokenizerFixtureTests
{
    public static readonly string[] Names = ["qwen2.5", "smollm2", "stories260K"];

    public static TheoryData<string, int> Lines()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Names)
            for (var i = 0; i < ReadLines(name).Count; i++)
                data.Add(name, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void EncodesToReferenceIds(string name, int line)
    {
        var (text, ids) = ReadLines(name)[line];
        Assert.Equal(ids, SharedTokenizers.Get(name).Encode(text));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void DecodesBackToText(string name, int line)
    {
        var (text, ids) = ReadLines(name)[line];
        Assert.Equal(text, SharedTokenizers.Get(name).Decode(ids));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void StreamingDecodeEqualsDecode(string name, int line)
    {
        var (_, ids) = ReadLines(name)[line];
        var tokenizer = SharedTokenizers.Get(name);
        var detokenizer = tokenizer.CreateDetokenizer([], skipSpecialTokens: false);
        var streamed = string.Concat(ids.Select(detokenizer.Append)) + detokenizer.Flush();
        Assert.Equal(tokenizer.Decode(ids), streamed);
    }

    internal static IReadOnlyList<(string Text, int[] Ids)> ReadLines(string name) =>
        File.ReadLines(SharedData.Path("fixtures", "tokenizer", name + ".jsonl"))
            .Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!)
            .Select(n => ((string)n["text"]!, n["ids"]!.AsArray().Select(i => (int)i!).ToArray()))
            .ToArray();
}

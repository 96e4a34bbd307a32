using System.Text.RegularExpressions;
using SharpInfer.Tokenization.Decoding;
using SharpInfer.Tokenization.PreTokenization;

namespace SharpInfer.Tokenization.Tests;

/// <summary>Pipeline steps the shared tokenizers do not exercise, checked against Hugging Face's documented results.</summary>
public sealed class PipelineStepTests
{
    [Theory]
    [InlineData("Removed", false, new[] { "the", "final", "countdown" })]
    [InlineData("Isolated", false, new[] { "the", "-", "final", "-", "-", "countdown" })]
    [InlineData("MergedWithPrevious", false, new[] { "the-", "final-", "-", "countdown" })]
    [InlineData("MergedWithNext", false, new[] { "the", "-final", "-", "-countdown" })]
    [InlineData("Contiguous", false, new[] { "the", "-", "final", "--", "countdown" })]
    [InlineData("Removed", true, new[] { "the", "final", "countdown" })]
    public void SplitBehaviorsMatchHuggingFace(string behavior, bool invert, string[] expected)
    {
        var pieces = new List<string> { "the-final--countdown" };
        new SplitPreTokenizer(new Regex(invert ? "[a-z]+" : "-"), Enum.Parse<SplitBehavior>(behavior), invert).PreTokenize(pieces, segmentStartsText: true);
        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void LettersOutsideTheBmpAreLettersToTheRegex()
    {
        var pieces = new List<string> { "a\U0001D400b \U00020000\U00020001 \U0001F600x" }; // 𝐀 (Lu), 𠀀𠀁 (Lo), 😀 (So)
        new SplitPreTokenizer(new Regex(@"\p{L}+"), SplitBehavior.Isolated, invert: false).PreTokenize(pieces, segmentStartsText: true);
        Assert.Equal(["a\U0001D400b", " ", "\U00020000\U00020001", " \U0001F600", "x"], pieces);
    }

    [Theory]
    [InlineData("Always", true, new[] { "▁Hey", "▁friend!" })]
    [InlineData("Never", true, new[] { "Hey", "▁friend!" })]
    [InlineData("First", false, new[] { "Hey", "▁friend!" })]
    public void MetaspaceReplacesSpacesAndSplitsBeforeThem(string scheme, bool startsText, string[] expected)
    {
        var pieces = new List<string> { "Hey friend!" };
        new MetaspacePreTokenizer('▁', Enum.Parse<MetaspacePrependScheme>(scheme), split: true).PreTokenize(pieces, startsText);
        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void AddedTokenStripAndSingleWordOptionsAreHonoured()
    {
        var vocabulary = new AddedVocabulary(
        [
            new AddedToken(10, "<mask>", Special: true, SingleWord: false, LeftStrip: true, RightStrip: true, Normalized: false),
            new AddedToken(11, "cat", Special: false, SingleWord: true, LeftStrip: false, RightStrip: false, Normalized: false),
        ]);
        var segments = new List<TextSegment>();

        vocabulary.Split("a  <mask>  b concat cat", normalizedTokens: false, segments);

        Assert.Equal(
            [TextSegment.Plain("a"), new TextSegment("<mask>", 10), TextSegment.Plain("b concat "), new TextSegment("cat", 11)],
            segments);
    }

    [Fact]
    public void InvalidByteRunsDecodeToOneReplacementCharPerByte()
    {
        var tokens = new List<string> { "<0xE2>", "<0x96>", "x", "<0x41>" };
        new ByteFallbackDecoder().Decode(tokens);
        Assert.Equal(["\uFFFD\uFFFD", "x", "A"], tokens);
    }

    [Fact]
    public void StripDecoderRemovesAtMostTheConfiguredCount()
    {
        var tokens = new List<string> { "  a  ", "b " };
        new StripDecoder(' ', start: 1, stop: 1).Decode(tokens);
        Assert.Equal([" a ", "b"], tokens);
    }

    [Fact]
    public void MetaspaceDecoderDropsOnlyThePrependedSpace()
    {
        var tokens = new List<string> { "▁Hey", "▁friend" };
        new MetaspaceDecoder('▁', removesPrependedSpace: true).Decode(tokens);
        Assert.Equal(["Hey", " friend"], tokens);
    }
}

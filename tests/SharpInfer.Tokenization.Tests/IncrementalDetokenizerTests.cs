namespace SharpInfer.Tokenization.Tests;

public sealed class IncrementalDetokenizerTests
{
    [Theory]
    [InlineData("qwen2.5", "Hi 👋 — 深度求索 ǅ naïve 🇺🇳!")]
    [InlineData("smollm2", "Hi 👋 — 深度求索 ǅ naïve 🇺🇳!")]
    [InlineData("stories260K", "Once 한국어 🙂 upon")]
    public void MultiByteCharactersAreNeverEmittedBroken(string name, string text)
    {
        var tokenizer = SharedTokenizers.Get(name);
        var ids = tokenizer.Encode(text);
        var detokenizer = tokenizer.CreateDetokenizer([], skipSpecialTokens: false);

        var deltas = ids.Select(detokenizer.Append).Append(detokenizer.Flush()).ToArray();

        Assert.All(deltas, d => Assert.DoesNotContain('\uFFFD', d));
        Assert.Equal(text, string.Concat(deltas));
        Assert.Contains(deltas, d => d.Length == 0); // some byte tokens were held back
    }

    [Fact]
    public void TextContinuesThePromptWithItsLeadingSpace()
    {
        var tokenizer = SharedTokenizers.Get("stories260K");
        var ids = tokenizer.Encode("Once upon a time", addSpecialTokens: true);
        Assert.Equal(5, ids.Length); // <s> ▁Once ▁upon ▁a ▁time
        var detokenizer = tokenizer.CreateDetokenizer(ids[..3], skipSpecialTokens: true);

        var streamed = string.Concat(ids[3..].Select(detokenizer.Append)) + detokenizer.Flush();

        Assert.Equal(" a time", streamed);
    }

    [Fact]
    public void SpecialTokensAreSkippedWhenAsked()
    {
        var tokenizer = SharedTokenizers.Get("qwen2.5");
        var ids = tokenizer.Encode("hello<|im_end|>");
        var skipping = tokenizer.CreateDetokenizer([], skipSpecialTokens: true);
        var keeping = tokenizer.CreateDetokenizer([], skipSpecialTokens: false);

        Assert.Equal("hello", string.Concat(ids.Select(skipping.Append)) + skipping.Flush());
        Assert.Equal("hello<|im_end|>", string.Concat(ids.Select(keeping.Append)) + keeping.Flush());
    }

    [Fact]
    public void FlushEmitsAnIncompleteCharacterAtTheEnd()
    {
        var tokenizer = SharedTokenizers.Get("qwen2.5");
        var ids = tokenizer.Encode("\U0001D11E"); // 𝄞: four UTF-8 bytes, more than one token
        Assert.True(ids.Length > 1);
        var detokenizer = tokenizer.CreateDetokenizer([], skipSpecialTokens: false);

        var held = string.Concat(ids[..^1].Select(detokenizer.Append));

        Assert.Equal("", held);
        Assert.EndsWith("\uFFFD", detokenizer.Flush());
    }
}

namespace SharpInfer.Tokenization.Tests;

public sealed class TokenizerApiTests
{
    [Fact]
    public void SpecialTokensAreRecognizedInRawText()
    {
        var qwen = SharedTokenizers.Get("qwen2.5");
        Assert.Equal([151644, 872, 198, 6023, 151645], qwen.Encode("<|im_start|>user\nhi<|im_end|>"));
        Assert.True(qwen.IsSpecial(151645));
        Assert.False(qwen.IsSpecial(872));
        Assert.Equal("user\nhi", qwen.Decode([151644, 872, 198, 6023, 151645], skipSpecialTokens: true));
    }

    [Fact]
    public void TokenLookupsGoBothWays()
    {
        var qwen = SharedTokenizers.Get("qwen2.5");
        Assert.Equal(151645, qwen.TokenToId("<|im_end|>"));
        Assert.Equal("<|im_end|>", qwen.IdToToken(151645));
        Assert.Equal("Ġthe", qwen.IdToToken(279));
        Assert.Equal(279, qwen.TokenToId("Ġthe"));
        Assert.Null(qwen.TokenToId("no such token"));
        Assert.Null(qwen.IdToToken(-1));
        Assert.Equal(151665, qwen.VocabSize);
    }

    [Fact]
    public void UnknownIdsDecodeToNothingAsInHuggingFace()
    {
        var qwen = SharedTokenizers.Get("qwen2.5");
        Assert.Equal("hi", qwen.Decode([6023, 151_900]));
    }

    [Fact]
    public void NfcNormalizationComposesCombiningMarks()
    {
        var qwen = SharedTokenizers.Get("qwen2.5");
        Assert.Equal(qwen.Encode("caf\u00E9"), qwen.Encode("cafe\u0301"));
        Assert.NotEqual(SharedTokenizers.Get("smollm2").Encode("caf\u00E9"), SharedTokenizers.Get("smollm2").Encode("cafe\u0301"));
    }

    [Fact]
    public void ByteFallbackSpellsUnknownCharactersAsBytes()
    {
        var stories = SharedTokenizers.Get("stories260K");
        var ids = stories.Encode("한");
        // "▁" then the three UTF-8 bytes of 한 (ED 95 9C) as <0x..> tokens.
        Assert.Equal(["<0xED>", "<0x95>", "<0x9C>"], ids[^3..].Select(id => stories.IdToToken(id)!).ToArray());
        Assert.Equal("한", stories.Decode(ids));
    }
}

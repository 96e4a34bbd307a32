using System.Diagnostics;
using SharpInfer.Tests;

namespace SharpInfer.Tokenization.Tests;

/// <summary>A 100 KB text encodes well under a second, including SentencePiece's single unsplit "word".</summary>
public sealed class EncodingSpeedTests
{
    [Theory]
    [InlineData("qwen2.5")]
    [InlineData("smollm2")]
    [InlineData("stories260K")]
    public void HundredKilobytesEncodeInUnderASecond(string name)
    {
        var text = File.ReadAllText(SharedData.Path("datasets", "wikitext-2-raw", "wiki.test.raw"))[..100_000];
        var tokenizer = SharedTokenizers.Get(name);
        tokenizer.Encode(text[..1000]); // JIT warm-up, not the word cache: the texts differ

        var stopwatch = Stopwatch.StartNew();
        var ids = tokenizer.Encode(text);
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"{name}: {stopwatch.ElapsedMilliseconds} ms for 100 KB");
        Assert.Equal(text, tokenizer.Decode(ids));
    }
}

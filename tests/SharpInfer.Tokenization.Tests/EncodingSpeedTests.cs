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
        var file = File.ReadAllText(SharedData.Path("datasets", "wikitext-2-raw", "wiki.test.raw"));
        var text = file[..100_000];
        var warmUp = file[100_000..101_000];
        // Best of three fresh tokenizers (empty word caches): one stall of a busy machine does not decide the verdict.
        var fastest = TimeSpan.MaxValue;
        int[] ids = [];
        Tokenizer tokenizer = null!;
        for (var attempt = 0; attempt < 3 && fastest >= TimeSpan.FromSeconds(1); attempt++)
        {
            tokenizer = Tokenizer.FromDirectory(SharedTokenizers.Folder(name));
            tokenizer.Encode(warmUp); // JIT warm-up on text outside the timed one
            var stopwatch = Stopwatch.StartNew();
            ids = tokenizer.Encode(text);
            stopwatch.Stop();
            fastest = stopwatch.Elapsed < fastest ? stopwatch.Elapsed : fastest;
        }

        Assert.True(fastest < TimeSpan.FromSeconds(1), $"{name}: {fastest.TotalMilliseconds:F0} ms for 100 KB (best of 3)");
        Assert.Equal(text, tokenizer.Decode(ids));
    }
}

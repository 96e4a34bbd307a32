using SharpInfer.Server.Generation;

namespace SharpInfer.Server.Tests;

public sealed class StopStringMatcherTests
{
    /// <summary>Feeds the text in every possible two-way split and in single characters: the result never depends on chunking.</summary>
    [Theory]
    [InlineData("Hello world. STOP here", "Hello world. ", true)]
    [InlineData("no stop at all", "no stop at all", false)]
    [InlineData("partial ST at the end", "partial ST at the end", false)]
    [InlineData("ends with STO", "ends with STO", false)]
    [InlineData("STOP", "", true)]
    [InlineData("a\n\nb", "a", true)]
    public void StopStringsAreFoundAcrossChunkBoundariesAndNeverEmitted(string text, string expected, bool stops)
    {
        string[] stopStrings = ["STOP", "\n\n"];
        var splits = Enumerable.Range(0, text.Length + 1).Select(k => new[] { text[..k], text[k..] })
            .Append(text.Select(c => c.ToString()).ToArray());
        foreach (var chunks in splits)
        {
            var matcher = new StopStringMatcher(stopStrings);
            var emitted = "";
            var stopped = false;
            foreach (var chunk in chunks)
            {
                var (emit, hit) = matcher.Add(chunk);
                emitted += emit;
                Assert.DoesNotContain("STOP", emitted);
                if (hit)
                {
                    stopped = true;
                    break;
                }
            }
            if (!stopped)
                emitted += matcher.Flush();
            Assert.Equal(expected, emitted);
            Assert.Equal(stops, stopped);
        }
    }

    [Fact]
    public void WithoutStopStringsTextPassesStraightThrough()
    {
        var matcher = new StopStringMatcher([]);
        Assert.Equal(("abc", false), matcher.Add("abc"));
        Assert.Equal("", matcher.Flush());
    }
}

using System.Numerics;
using System.Text;
using SharpInfer.Core;
using SharpInfer.Server.Reasoning;

namespace SharpInfer.Server.Tests;

/// <summary>
/// <c>--reasoning-parser deepseek_r1</c>: the &lt;think&gt; splitter with vLLM's deepseek_r1 semantics, whole and
/// streamed under every way of cutting the output into chunks (tags split anywhere).
/// </summary>
public sealed class ReasoningParserTests
{
    /// <summary>Output, then the expected reasoning_content and content.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "<think>ab</think>cd", "ab", "cd" },                 // both tags
        { "ab</think>cd", "ab", "cd" },                        // R1 distill: the opening tag is in the prompt
        { "abcd", "abcd", "" },                                // no tags: vLLM keeps it all as reasoning
        { "<think>ab", "ab", "" },                             // cut off while thinking
        { "ab</think>", "ab", "" },                            // nothing after thinking
        { "</think>", "", "" },
        { "", "", "" },
        { "a<b</thin</think>x<", "a<b</thin", "x<" },          // tag look-alikes are text
        { "ab</think>c</think>d", "ab", "c</think>d" },        // only the first end tag counts
        { "x<think>a</think>b", "xa", "b" },                   // text before the opening tag stays reasoning
        { "<think><think>a</think>", "<think>a", "" },         // only the first opening tag is dropped
        { "a</think><think>b", "a", "<think>b" },              // after thinking, tags are plain content
        { "<thin", "<thin", "" },                              // a partial tag at the very end is text
        { "思<think>考</think>答", "思考", "答" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void WholeOutputSplits(string output, string reasoning, string content) =>
        Assert.Equal(new ReasoningDelta(reasoning, content), ThinkTagParser.Split(output));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryChunkingOfTheStreamSplitsTheSame(string output, string reasoning, string content)
    {
        // Every composition of the output into non-empty chunks (bit i set = a cut after character i); past 16
        // characters only those of up to 5 chunks, which still cut every tag at every point, to keep this quick.
        var cuts = Math.Max(0, output.Length - 1);
        for (var mask = 0; mask < 1 << cuts; mask++)
        {
            if (cuts > 15 && BitOperations.PopCount((uint)mask) > 4)
                continue;
            var chunks = Chunks(output, mask);
            var (gotReasoning, gotContent) = Stream(chunks);
            Assert.True(gotReasoning == reasoning && gotContent == content,
                $"chunks [{string.Join("|", chunks)}] gave reasoning '{gotReasoning}', content '{gotContent}'");
        }
    }

    [Fact]
    public void EmptyDeltasBetweenChunksChangeNothing()
    {
        var (reasoning, content) = Stream(["", "<th", "", "ink>a</", "", "think>", "b", ""]);
        Assert.Equal(("a", "b"), (reasoning, content));
    }

    [Fact]
    public void OnlyAPossibleTagIsHeldBack()
    {
        var parser = new ThinkTagParser();
        Assert.Equal(new ReasoningDelta("Let me think", ""), parser.Feed("Let me think"));
        Assert.Equal(new ReasoningDelta(" about it", ""), parser.Feed(" about it</th"));
        Assert.Equal(new ReasoningDelta("", "Yes"), parser.Feed("ink>Yes"));
        Assert.Equal(new ReasoningDelta("", " <"), parser.Feed(" <")); // content is never held back
        Assert.Equal(new ReasoningDelta("", ""), parser.Flush());
    }

    [Fact]
    public void FlushReleasesAHeldBackPartialTagAsReasoning()
    {
        var parser = new ThinkTagParser();
        Assert.Equal(new ReasoningDelta("a", ""), parser.Feed("a</think"));
        Assert.Equal(new ReasoningDelta("</think", ""), parser.Flush());
    }

    [Fact]
    public void SupportedNamesAreAcceptedAndOthersListThem()
    {
        ReasoningParsers.Check(null);
        ReasoningParsers.Check("deepseek_r1");
        Assert.NotNull(ReasoningParsers.Create("deepseek_r1"));
        Assert.Null(ReasoningParsers.Create(null));
        var e = Assert.Throws<UserErrorException>(() => ReasoningParsers.Check("qwen9"));
        Assert.Equal("--reasoning-parser 'qwen9' is not supported; supported: deepseek_r1", e.Message);
    }

    private static List<string> Chunks(string text, int mask)
    {
        var chunks = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length - 1; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                chunks.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        chunks.Add(text[start..]);
        return chunks;
    }

    private static (string Reasoning, string Content) Stream(IEnumerable<string> chunks)
    {
        var parser = new ThinkTagParser();
        var reasoning = new StringBuilder();
        var content = new StringBuilder();
        foreach (var chunk in chunks)
            Add(parser.Feed(chunk));
        Add(parser.Flush()); // after the last chunk, not when the loop starts
        return (reasoning.ToString(), content.ToString());

        void Add(ReasoningDelta delta)
        {
            reasoning.Append(delta.Reasoning);
            content.Append(delta.Content);
        }
    }
}

using SharpInfer.Cli.Eval;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>Multiple-choice picks, standard errors and lm_eval's context/continuation split.</summary>
public sealed class ScoringTests
{
    [Fact]
    public void AccPicksTheHighestLoglikelihoodAndTheFirstOnTies()
    {
        Assert.Equal(2, ChoiceScoring.Argmax([-3.0, -2.5, -1.0, -4.0]));
        Assert.Equal(1, ChoiceScoring.Argmax([-3.0, -1.0, -1.0, -4.0]));
    }

    [Fact]
    public void AccNormDividesByTheChoiceLengthInCharacters()
    {
        // "yes" at -4 (-1.33 per character) beats "no" at -3 (-1.5 per character) only once normalized.
        Assert.Equal(0, ChoiceScoring.Argmax([-3.0, -4.0]));
        Assert.Equal(1, ChoiceScoring.ArgmaxNormalized([-3.0, -4.0], ["no", "yes"]));
    }

    [Fact]
    public void StderrIsTheSampleDeviationOverRootN()
    {
        Assert.Equal(0.25, MeanStderr.Mean([1, 0, 0, 0]));
        Assert.Equal(0.25, MeanStderr.Stderr([1, 0, 0, 0])!.Value, 12);
        Assert.Equal(0.0, MeanStderr.Stderr([0, 0, 0])!.Value);
        Assert.Null(MeanStderr.Stderr([1]));
    }

    [Fact]
    public void PooledStderrOfEqualSubtasksIsCloseToTheirs()
    {
        double[] a = [1, 0, 0, 0];
        double[] b = [1, 1, 0, 0];
        var sa = MeanStderr.Stderr(a)!.Value;
        var sb = MeanStderr.Stderr(b)!.Value;
        var pooled = MeanStderr.Pooled([(sa, 4), (sb, 4)])!.Value;
        // ((3·sa²·4) + (3·sb²·4)) / (8 − 2) / 8, by lm_eval's pooled_sample_stderr.
        Assert.Equal(Math.Sqrt((3 * sa * sa * 4 + 3 * sb * sb * 4) / 6 / 8), pooled, 12);
    }

    [Theory]
    [InlineData("Answer:", " A", "Answer:", " A")]
    [InlineData("Answer: ", "A", "Answer:", " A")]
    [InlineData("Q\n\n", "x", "Q", "\n\nx")]
    public void TrailingWhitespaceMovesToTheContinuation(string context, string continuation, string expectedContext, string expectedContinuation) =>
        Assert.Equal((expectedContext, expectedContinuation), ContextEncoding.SplitTrailingWhitespace(context, continuation));

    [Fact]
    public void TruncationKeepsTheEndAndCountsTheContextLeft()
    {
        var (whole, wholeContext) = ContextEncoding.Truncate([1, 2, 3], [4, 5], 10);
        Assert.Equal([1, 2, 3, 4, 5], whole);
        Assert.Equal(3, wholeContext);
        var (input, contextLength) = ContextEncoding.Truncate([1, 2, 3, 4], [5, 6], 4);
        Assert.Equal([3, 4, 5, 6], input);
        Assert.Equal(2, contextLength);
        Assert.Equal([7, 8], ContextEncoding.ContinuationTokens([1, 2], [1, 2, 7, 8]));
    }

    [Fact]
    public void GenerationFitsTheContext()
    {
        Assert.Equal(256, ContextEncoding.FitGeneration(new int[100], 256, 512).MaxTokens);
        Assert.Equal(12, ContextEncoding.FitGeneration(new int[500], 256, 512).MaxTokens);
        var (prompt, maxTokens) = ContextEncoding.FitGeneration(Enumerable.Range(0, 600).ToArray(), 100, 512);
        Assert.Equal(412, prompt.Length);
        Assert.Equal(599, prompt[^1]);
        Assert.Equal(100, maxTokens);
        Assert.Equal(1000, ContextEncoding.FitGeneration(new int[100], 1000, null).MaxTokens);
    }

    [Fact]
    public void ResponsesAreCutAtTheFirstStopString() =>
        Assert.Equal("18 eggs.\n", ContextEncoding.CutAtStop("18 eggs.\nQuestion: next</s>", ["</s>", "Question:"]));
}

using SharpInfer.Cli.Eval;

namespace SharpInfer.Cli.Tests.Eval;

/// <summary>GSM8K's strict-match and flexible-extract filters and exact match, on lm_eval's edge cases.</summary>
public sealed class NumberAnswersTests
{
    private const string Gold = "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day.\n#### 18";

    [Theory]
    [InlineData("She makes 18 dollars.\n#### 18", "18")]
    [InlineData("#### 1,234", "1,234")]
    [InlineData("#### -5", "-5")]
    [InlineData("#### 3.50 then #### 4", "3.50")]
    [InlineData("#### $18", "[invalid]")]
    [InlineData("The answer is 18", "[invalid]")]
    [InlineData("####18", "[invalid]")]
    public void StrictMatchTakesTheNumberAfterTheFirstMarker(string response, string expected) =>
        Assert.Equal(expected, NumberAnswers.StrictMatch(response));

    [Theory]
    [InlineData("3 apples and 5 pears make 8", "8")]
    [InlineData("It costs $18.", "$18.")]
    [InlineData("She has 1,000,000 coins.", "1,000,000")]
    [InlineData("The change is -12 degrees", "-12")]
    [InlineData("so 72.", "72.")]
    [InlineData("#### 42", "42")]
    [InlineData("no digits here", "[invalid]")]
    [InlineData("first 7 then ...", "...")]
    public void FlexibleExtractTakesTheLastNumberLikeRun(string response, string expected) =>
        Assert.Equal(expected, NumberAnswers.FlexibleExtract(response));

    [Theory]
    [InlineData("18", true)]
    [InlineData("$18.", true)]
    [InlineData("18.", true)]
    [InlineData("1,8", true)]
    [InlineData("18.0", false)]
    [InlineData("-18", false)]
    [InlineData("[invalid]", false)]
    public void ExactMatchIgnoresCommasDollarsAndATrailingPeriod(string prediction, bool expected) =>
        Assert.Equal(expected, NumberAnswers.ExactMatch(prediction, Gold));

    [Fact]
    public void NormalizationFollowsTheIgnoredRegexesInOrder()
    {
        Assert.Equal("1234", NumberAnswers.Normalize("$1,234."));
        Assert.Equal("-7", NumberAnswers.Normalize("work\n#### -7"));
        Assert.Equal("5", NumberAnswers.Normalize("#### 3 and #### 5"));
        Assert.Equal("..", NumberAnswers.Normalize("..."));
        Assert.Equal("abc", NumberAnswers.Normalize("ABC"));
    }

    [Fact]
    public void NegativeAndCommaAnswersScoreThroughBothFilters()
    {
        const string gold = "Loss is 1200 - 2400 = -1200.\n#### -1,200";
        const string response = "The loss is -1,200 dollars.\n#### -1,200.";
        Assert.True(NumberAnswers.ExactMatch(NumberAnswers.StrictMatch(response), gold));
        Assert.True(NumberAnswers.ExactMatch(NumberAnswers.FlexibleExtract(response), gold));
    }

    [Theory]
    [InlineData(@"So the answer is \boxed{033}.", "033")]
    [InlineData(@"\boxed{1} then \boxed{\frac{1}{2}}", @"\frac{1}{2}")]
    [InlineData("The answer is 204", "204")]
    public void AimeTakesTheLastBoxedElseTheLastNumber(string response, string expected) =>
        Assert.Equal(expected, AimeAnswers.Extract(response));

    [Theory]
    [InlineData("033", "33", true)]
    [InlineData("204.", "204", true)]
    [InlineData("205", "204", false)]
    [InlineData("[invalid]", "204", false)]
    public void AimeComparesIntegers(string prediction, string gold, bool expected) =>
        Assert.Equal(expected, AimeAnswers.Matches(prediction, gold));
}

using System.Text.RegularExpressions;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// lm_eval's GSM8K answer filters and exact-match scoring: <c>strict-match</c> takes the number after the first
/// <c>#### </c>, <c>flexible-extract</c> the last number-like run; both compare to the gold answer after removing
/// commas, <c>$</c>, everything up to <c>#### </c> and one trailing period, ignoring case.
/// </summary>
internal static partial class NumberAnswers
{
    /// <summary>What lm_eval's regex filter yields when nothing matches (it then never equals a gold answer).</summary>
    public const string Invalid = "[invalid]";

    /// <summary>The number after the first <c>#### </c> (lm_eval's <c>#### (\-?[0-9\.\,]+)</c>, first match).</summary>
    public static string StrictMatch(string response)
    {
        var match = StrictRegex().Match(response);
        return match.Success ? match.Groups[1].Value.Trim() : Invalid;
    }

    /// <summary>
    /// The last match of <c>(-?[$0-9.,]{2,})|(-?[0-9]+)</c>, taking whichever group matched (as Python's findall
    /// with group_select -1 and the first non-empty group of the tuple).
    /// </summary>
    public static string FlexibleExtract(string response)
    {
        var matches = FlexibleRegex().Matches(response);
        if (matches.Count == 0)
            return Invalid;
        var last = matches[^1];
        var value = last.Groups[1].Value.Length > 0 ? last.Groups[1].Value : last.Groups[2].Value;
        return value.Length > 0 ? value.Trim() : Invalid;
    }

    /// <summary>lm_eval's exact_match with gsm8k's regexes_to_ignore and ignore_case, applied to both sides.</summary>
    public static bool ExactMatch(string prediction, string reference) =>
        string.Equals(Normalize(prediction), Normalize(reference), StringComparison.Ordinal);

    /// <summary>The regexes_to_ignore, in gsm8k's order, then lower case.</summary>
    public static string Normalize(string text)
    {
        text = CommaRegex().Replace(text, "");
        text = DollarRegex().Replace(text, "");
        text = UpToAnswerRegex().Replace(text, "");
        text = TrailingPeriodRegex().Replace(text, "");
        return text.ToLowerInvariant();
    }

    [GeneratedRegex(@"#### (\-?[0-9\.\,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex StrictRegex();

    [GeneratedRegex(@"(-?[$0-9.,]{2,})|(-?[0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex FlexibleRegex();

    [GeneratedRegex(",", RegexOptions.CultureInvariant)]
    private static partial Regex CommaRegex();

    [GeneratedRegex(@"\$", RegexOptions.CultureInvariant)]
    private static partial Regex DollarRegex();

    // (?s): the gold answer's worked solution spans lines; greedy, so up to the last "#### ".
    [GeneratedRegex(@"(?s).*#### ", RegexOptions.CultureInvariant)]
    private static partial Regex UpToAnswerRegex();

    // Python's "$" also matches before a final newline; .NET's does too without RegexOptions.Multiline.
    [GeneratedRegex(@"\.$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingPeriodRegex();
}

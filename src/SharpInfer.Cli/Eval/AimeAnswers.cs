using System.Globalization;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// AIME answers are integers 0–999: the model's answer is the content of its last <c>\boxed{...}</c>, or else
/// the last number in the text (GSM8K's flexible extraction); both sides are normalized as GSM8K's exact match
/// does (commas, <c>$</c>, a trailing period) and compared as integers when both are, so "033" equals "33".
/// </summary>
internal static class AimeAnswers
{
    public static string Extract(string response) => LastBoxed(response) ?? NumberAnswers.FlexibleExtract(response);

    public static bool Matches(string prediction, string gold)
    {
        var p = NumberAnswers.Normalize(prediction).Trim();
        var g = NumberAnswers.Normalize(gold).Trim();
        if (long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pi) &&
            long.TryParse(g, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var gi))
            return pi == gi;
        return string.Equals(p, g, StringComparison.Ordinal);
    }

    /// <summary>The content of the last <c>\boxed{...}</c> (braces balanced), or null when there is none.</summary>
    public static string? LastBoxed(string text)
    {
        var start = text.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        if (start < 0)
            return null;
        var open = start + @"\boxed{".Length;
        var depth = 1;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
                return text[open..i].Trim();
        }
        return null;
    }
}

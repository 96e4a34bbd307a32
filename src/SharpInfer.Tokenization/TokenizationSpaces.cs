namespace SharpInfer.Tokenization;

/// <summary>transformers' <c>clean_up_tokenization_spaces</c>: removes the space before punctuation and English contractions.</summary>
internal static class TokenizationSpaces
{
    private static readonly (string From, string To)[] Replacements =
    [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
        (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ];

    public static string CleanUp(string text)
    {
        foreach (var (from, to) in Replacements)
            text = text.Replace(from, to, StringComparison.Ordinal);
        return text;
    }
}

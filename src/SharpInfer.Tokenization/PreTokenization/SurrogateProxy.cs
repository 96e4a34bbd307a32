using System.Globalization;

namespace SharpInfer.Tokenization.PreTokenization;

/// <summary>
/// .NET regexes match UTF-16 code units, so a surrogate pair never matches <c>\p{L}</c> the way Rust's
/// regex (used by Hugging Face) matches the code point. Matching runs on a same-length copy in which each
/// pair becomes two BMP characters of the code point's general category; slices come from the original.
/// </summary>
internal static class SurrogateProxy
{
    public static string For(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
            return text;
        return string.Create(text.Length, text, static (proxy, source) =>
        {
            source.AsSpan().CopyTo(proxy);
            for (var i = 0; i + 1 < source.Length; i++)
            {
                if (!char.IsSurrogatePair(source[i], source[i + 1]))
                    continue;
                var stand = Representative(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(source[i], source[i + 1])));
                if (stand != '\0')
                    proxy[i] = proxy[i + 1] = stand;
                i++;
            }
        });
    }

    private static char Representative(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => 'A',
        UnicodeCategory.LowercaseLetter => 'a',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u00AA',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.DecimalDigitNumber => '0',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00BD',
        _ => '\0', // symbols, punctuation, private use: surrogates already fall outside \p{L}\p{N}\s
    };
}

using System.Text;

namespace SharpInfer.Tokenization.Normalization;

/// <summary>NFC / NFD / NFKC / NFKD. Text below U+00A0 is the same in every form, so it skips the ICU call.</summary>
internal sealed class UnicodeFormNormalizer(NormalizationForm form) : INormalizer
{
    public string Normalize(string text)
    {
        foreach (var c in text)
        {
            if (c >= '\u00A0')
                return text.Normalize(form);
        }
        return text;
    }
}

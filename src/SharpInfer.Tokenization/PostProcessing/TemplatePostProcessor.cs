namespace SharpInfer.Tokenization.PostProcessing;

/// <summary>
/// What <c>add_special_tokens</c> wraps around an encoded text: tokenizer.json's TemplateProcessing
/// "single" template (Bert/Roberta processors are the fixed template [CLS] $A [SEP]).
/// </summary>
/// <param name="items">Fixed special-token ids, with <c>null</c> where the encoded text goes.</param>
internal sealed class TemplatePostProcessor(IReadOnlyList<int[]?> items)
{
    public int[] Apply(int[] ids)
    {
        var output = new List<int>(ids.Length + 4);
        foreach (var item in items)
            output.AddRange(item ?? ids);
        return output.ToArray();
    }
}

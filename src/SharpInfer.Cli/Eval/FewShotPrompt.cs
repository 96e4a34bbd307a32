namespace SharpInfer.Cli.Eval;

/// <summary>
/// lm_eval's context: description, then each few-shot example's text + target delimiter + target, the examples
/// and the question separated by the few-shot delimiter ("\n\n"), then the question's text.
/// </summary>
internal static class FewShotPrompt
{
    public const string FewShotDelimiter = "\n\n";
    public const string TargetDelimiter = " ";

    public static string Build(string description, IEnumerable<(string Text, string Target)> examples, string docText)
    {
        var labeled = string.Concat(examples.Select(e => e.Text + TargetDelimiter + e.Target + FewShotDelimiter));
        return description + labeled + docText;
    }
}

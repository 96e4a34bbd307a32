using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// One scored sample as --output-json records it: the prompt, the model's output (its choice, or its text), the gold
/// answer, every metric's verdict, and task-specific details (log-likelihoods, extracted answers).
/// </summary>
internal sealed record SampleRecord(string Task, string DocId, string Prompt, string Output, string Gold, IReadOnlyList<Verdict> Verdicts, JsonObject Details)
{
    /// <summary>The first metric's verdict (acc, or strict-match for GSM8K).</summary>
    public bool Correct => Verdicts[0].Correct;
}

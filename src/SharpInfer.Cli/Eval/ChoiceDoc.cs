namespace SharpInfer.Cli.Eval;

/// <summary>
/// One multiple-choice question: the full context (few-shot examples included), the choice texts (each scored
/// as the continuation " " + choice) and the index of the gold choice.
/// </summary>
internal sealed record ChoiceDoc(string Id, string Context, IReadOnlyList<string> Choices, int Gold);

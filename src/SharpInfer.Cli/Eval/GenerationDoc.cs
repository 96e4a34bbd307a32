namespace SharpInfer.Cli.Eval;

/// <summary>One generation question: the full prompt (few-shot examples included) and the gold answer text.</summary>
internal sealed record GenerationDoc(string Id, string Prompt, string Gold);

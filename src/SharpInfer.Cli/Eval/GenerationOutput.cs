namespace SharpInfer.Cli.Eval;

/// <summary>A generated answer (cut at the first stop string), the prompt tokens sent and the max_tokens asked for.</summary>
internal sealed record GenerationOutput(string Text, int PromptTokens, int MaxTokens, string? FinishReason);

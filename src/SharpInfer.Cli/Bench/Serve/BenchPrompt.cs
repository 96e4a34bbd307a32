namespace SharpInfer.Cli.Bench.Serve;

/// <summary>One prompt of a dataset: its text, its length in tokens by the benchmark's tokenizer, and the output tokens asked for.</summary>
internal sealed record BenchPrompt(string Text, int PromptLen, int OutputLen);

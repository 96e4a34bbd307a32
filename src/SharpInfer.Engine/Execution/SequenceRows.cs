namespace SharpInfer.Engine.Execution;

/// <summary>Where one sequence's logits sit in a step's output: prompt-scoring rows, then the sampling row (-1: none).</summary>
internal readonly record struct SequenceRows(int FirstPromptRow, int PromptRowCount, int FirstPromptPosition, int SampleRow);

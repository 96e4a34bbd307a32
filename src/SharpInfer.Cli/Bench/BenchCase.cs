namespace SharpInfer.Cli.Bench;

/// <summary>One latency shape: <see cref="BatchSize"/> requests, each <see cref="InputLen"/> prompt tokens and <see cref="OutputLen"/> generated.</summary>
internal sealed record BenchCase(int InputLen, int OutputLen, int BatchSize);

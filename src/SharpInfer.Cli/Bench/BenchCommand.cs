using System.CommandLine;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// <c>sharpinfer bench</c>: offline benchmarks run straight on the engine (no server, no tokenizer), with the
/// semantics of vLLM's <c>bench latency</c> and <c>bench throughput</c>, so engine changes can be measured.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliIo io) => new("bench", "Measure the engine offline on random prompts.")
    {
        LatencyCommand.Create(io),
        ThroughputCommand.Create(io),
    };
}

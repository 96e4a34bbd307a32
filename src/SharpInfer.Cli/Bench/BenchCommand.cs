using System.CommandLine;
using SharpInfer.Cli.Bench.Serve;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// <c>sharpinfer bench</c>: offline benchmarks run straight on the engine (no server, no tokenizer), with the
/// semantics of vLLM's <c>bench latency</c> and <c>bench throughput</c>, so engine changes can be measured; and
/// <c>bench serve</c> / <c>bench sweep</c>, clients that measure any running OpenAI-compatible server.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliIo io) => new("bench", "Measure the engine offline, or a running server.")
    {
        LatencyCommand.Create(io),
        ThroughputCommand.Create(io),
        BenchServeCommand.Create(io),
        BenchSweepCommand.Create(io),
    };
}

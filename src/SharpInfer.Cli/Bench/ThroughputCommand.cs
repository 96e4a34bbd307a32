using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Engine;
using Spectre.Console;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// <c>sharpinfer bench throughput</c>: all prompts submitted at once and run to completion, reported as
/// vLLM's <c>bench throughput</c> reports it (requests/s, total tokens/s, output tokens/s).
/// </summary>
internal static class ThroughputCommand
{
    public static Command Create(CliIo io)
    {
        var common = new BenchOptions();
        var numPrompts = new Option<int?>("--num-prompts") { Description = "Requests submitted (all at once)." };
        var engineFlags = new EngineFlags();

        var command = new Command("throughput", "Throughput of many requests submitted at once.");
        foreach (var option in common.All.Concat([numPrompts]).Concat(engineFlags.All))
            command.Add(option);
        command.SetAction(parse =>
        {
            var inputLen = BenchOptions.Positive("--input-len", parse.GetValue(common.InputLen));
            var outputLen = BenchOptions.Positive("--output-len", parse.GetValue(common.OutputLen));
            var prompts = BenchOptions.Positive("--num-prompts", parse.GetValue(numPrompts));
            var setup = common.Read(parse);
            var config = engineFlags.Read(parse, setup.BlockSize);
            BenchOptions.Positive("--max-num-seqs", config.MaxNumSeqs);
            BenchOptions.Positive("--max-num-batched-tokens", config.MaxNumBatchedTokens);
            return Execute(io, setup, inputLen, outputLen, prompts, config with { MaxNumSeqs = Math.Min(prompts, config.MaxNumSeqs) });
        });
        return command;
    }

    private static int Execute(CliIo io, BenchSetup setup, int inputLen, int outputLen, int numPrompts, EngineConfig config)
    {
        using var loaded = setup.Load();
        BenchEngine.CheckFits(loaded, inputLen, outputLen, "--input-len + --output-len", "lower --input-len or --output-len");
        var console = BenchConsole.Create(io.Out);
        console.WriteLine(setup.Describe(loaded, config.KvCacheDTypeFor(loaded.Model)));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{numPrompts} requests of {inputLen} prompt + {outputLen} output tokens, max-num-seqs {config.MaxNumSeqs}, max-num-batched-tokens {config.MaxNumBatchedTokens}"));

        var engine = BenchEngine.Create(loaded, config, inputLen + outputLen);
        var requests = BenchEngine.Requests(setup.PromptRandom(), "throughput", numPrompts, inputLen, outputLen, loaded.Config.VocabSize);
        BatchTiming? timing = null;
        BenchProgress.Run(console, setup.OutputJson is null, (double)numPrompts * outputLen, progress =>
        {
            progress.Describe("throughput");
            timing = BenchEngine.Run(engine, requests, progress.Advance);
        });

        var elapsed = timing!.TotalSeconds;
        var totalTokens = timing.PromptTokens + timing.OutputTokens;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Throughput: {numPrompts / elapsed:F2} requests/s, {totalTokens / elapsed:F2} total tokens/s, {timing.OutputTokens / elapsed:F2} output tokens/s"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Elapsed: {elapsed:F3} s for {timing.PromptTokens} prompt and {timing.OutputTokens} output tokens"));
        setup.WriteJson(new JsonObject
        {
            ["elapsed_time"] = elapsed,
            ["num_requests"] = numPrompts,
            ["total_num_tokens"] = totalTokens,
            ["total_output_tokens"] = timing.OutputTokens,
            ["requests_per_second"] = numPrompts / elapsed,
            ["tokens_per_second"] = totalTokens / elapsed,
            ["output_tokens_per_second"] = timing.OutputTokens / elapsed,
            ["input_len"] = inputLen,
            ["output_len"] = outputLen,
            ["max_num_seqs"] = config.MaxNumSeqs,
        });
        return 0;
    }
}

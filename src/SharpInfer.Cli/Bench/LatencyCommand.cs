using System.CommandLine;
using System.Globalization;
using SharpInfer.Core;
using SharpInfer.Engine;
using SharpInfer.Kernels;
using SharpInfer.Models;
using Spectre.Console;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// <c>sharpinfer bench latency</c>: how long a batch of requests submitted together takes end to end (vLLM's
/// <c>bench latency</c>), split into prefill (until every request has its first token) and decode rates.
/// </summary>
internal static class LatencyCommand
{
    public static Command Create(CliIo io)
    {
        var common = new BenchOptions();
        var batchSize = new Option<int?>("--batch-size") { Description = "Requests submitted together (default 8)." };
        var numIters = new Option<int>("--num-iters") { Description = "Measured iterations per shape.", DefaultValueFactory = _ => 3 };
        var numItersWarmup = new Option<int>("--num-iters-warmup") { Description = "Unmeasured iterations first.", DefaultValueFactory = _ => 1 };
        var casePairs = new Option<string?>("--case-pairs")
        {
            Description = "JSON list of [input, output] lengths, e.g. [[256,256],[1024,128]]; replaces --input-len/--output-len.",
        };
        var batchSizes = new Option<string?>("--batch-sizes") { Description = "Comma-separated batch sizes, e.g. 1,8,16; replaces --batch-size." };
        var kvCacheDType = EngineFlags.KvCacheDTypeOption();
        var bandwidth = new Option<double?>("--memory-bandwidth") { Description = "Read bandwidth in GB/s for the decode roofline (default: measured at start, as `doctor` does)." };

        var command = new Command("latency", "Latency of one batch run to completion, with prefill and decode rates.");
        foreach (var option in common.All.Concat([batchSize, numIters, numItersWarmup, casePairs, batchSizes, kvCacheDType, bandwidth]))
            command.Add(option);
        command.SetAction(parse =>
        {
            var plan = LatencyPlan.From(
                parse.GetValue(common.InputLen), parse.GetValue(common.OutputLen), parse.GetValue(batchSize),
                parse.GetValue(casePairs), parse.GetValue(batchSizes), parse.GetValue(numIters), parse.GetValue(numItersWarmup));
            if (parse.GetValue(bandwidth) is <= 0)
                throw new UserErrorException($"--memory-bandwidth must be positive (got {parse.GetValue(bandwidth)})");
            return Execute(io, common.Read(parse), plan, EngineFlags.ParseKvCacheDType(parse.GetValue(kvCacheDType)!), parse.GetValue(bandwidth));
        });
        return command;
    }

    private static int Execute(CliIo io, BenchSetup setup, LatencyPlan plan, DType? askedKvCacheDType, double? bandwidthGBps)
    {
        using var loaded = setup.Load();
        var kvCacheDType = askedKvCacheDType ?? loaded.Model.DefaultKvCacheDType;
        foreach (var shape in plan.Cases)
        {
            var (subject, fix) = plan.LengthFlags(shape);
            BenchEngine.CheckFits(loaded, shape.InputLen, shape.OutputLen, subject, fix);
        }
        var console = BenchConsole.Create(io.Out);
        console.WriteLine(setup.Describe(loaded, kvCacheDType));
        var roofline = new Roofline(loaded.Model.WeightBytesPerToken, bandwidthGBps ?? MemoryBandwidth.MeasureReadGBps());
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decode roofline: {roofline.WeightBytesPerStep / 1e9:F3} GB of weights per step at {roofline.BandwidthGBps:F1} GB/s{(bandwidthGBps is null ? " (measured)" : "")} = {roofline.TokensPerSecond:F1} tokens/s per sequence"));

        var random = setup.PromptRandom();
        var runs = plan.NumIters + plan.NumItersWarmup;
        var totalTokens = plan.Cases.Sum(c => (double)c.BatchSize * c.OutputLen * runs);
        var results = new List<LatencyResult>(plan.Cases.Count);
        BenchProgress.Run(console, setup.OutputJson is null, totalTokens, progress =>
        {
            foreach (var shape in plan.Cases)
                results.Add(Measure(loaded, setup, plan, shape, kvCacheDType, random, progress));
        });
        if (bandwidthGBps is null)
            roofline = Remeasured(console, roofline);
        LatencyReport.Print(console, results, plan.Grid, roofline);
        setup.WriteJson(LatencyReport.Json(results, plan.Grid, roofline));
        return 0;
    }

    /// <summary>
    /// Measures the bandwidth again after the runs and keeps the higher reading: a shared machine's bandwidth drifts
    /// (one 2-core cloud VM read 28–54 GB/s within minutes), and a reading taken in a slow moment would credit the
    /// runs with more than 100% of the roofline.
    /// </summary>
    private static Roofline Remeasured(IAnsiConsole console, Roofline before)
    {
        var after = MemoryBandwidth.MeasureReadGBps();
        var roofline = before with { BandwidthGBps = Math.Max(before.BandwidthGBps, after) };
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read bandwidth after the runs: {after:F1} GB/s; % of roofline uses the higher reading, {roofline.BandwidthGBps:F1} GB/s = {roofline.TokensPerSecond:F1} tokens/s per sequence"));
        return roofline;
    }

    /// <summary>Warm-up then measured iterations of one shape, each on fresh random prompts.</summary>
    private static LatencyResult Measure(LoadedModel loaded, BenchSetup setup, LatencyPlan plan, BenchCase shape, DType kvCacheDType, Random random, BenchProgress progress)
    {
        // The whole batch prefills in one step, as vLLM's latency benchmark sizes its engine.
        var engine = BenchEngine.Create(loaded, new EngineConfig
        {
            BlockSize = setup.BlockSize,
            MaxNumSeqs = shape.BatchSize,
            MaxNumBatchedTokens = Math.Max(2048, shape.BatchSize * shape.InputLen),
            EnablePrefixCaching = false,
            KvCacheDType = kvCacheDType,
        }, shape.InputLen + shape.OutputLen);
        var name = string.Create(CultureInfo.InvariantCulture, $"input {shape.InputLen}, output {shape.OutputLen}, batch {shape.BatchSize}");
        var timings = new List<BatchTiming>(plan.NumIters);
        for (var run = 0; run < plan.NumItersWarmup + plan.NumIters; run++)
        {
            var warmup = run < plan.NumItersWarmup;
            progress.Describe(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {(warmup ? "warm-up" : "iteration")} {(warmup ? run : run - plan.NumItersWarmup) + 1}"));
            var requests = BenchEngine.Requests(random, $"latency-{run}", shape.BatchSize, shape.InputLen, shape.OutputLen, loaded.Config.VocabSize);
            var timing = BenchEngine.Run(engine, requests, progress.Advance);
            if (!warmup)
                timings.Add(timing);
        }
        return new LatencyResult(shape, timings);
    }
}

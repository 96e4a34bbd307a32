using System.Globalization;
using SharpInfer.Core;
using Spectre.Console;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>The steps of a serving benchmark that <c>bench serve</c> and each point of <c>bench sweep</c> share.</summary>
internal static class ServeBenchRun
{
    /// <summary>
    /// Unmeasured requests. Random and ShareGPT prompts are drawn with another seed, so the measured ones do not hit a
    /// prefix cache warmed here; a jsonl file has no seed, so its first lines are sent.
    /// </summary>
    public static async Task WarmupAsync(ServeBenchConfig config, ServeTarget target, OpenAiStreamClient client, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (config.Warmup == 0)
            return;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {config.Warmup} requests"));
        var prompts = target.Prompts(config, config.Warmup, config.Seed + 1_000_003);
        var (outputs, _) = await BenchmarkRunner.RunAsync(client, prompts, new double[prompts.Count], config.MaxConcurrency, () => { }, cancellationToken);
        if (outputs.FirstOrDefault(o => !o.Success) is { } failed)
            throw new UserErrorException($"a warm-up request to {config.Url} failed: {failed.Error}; check --base-url, --endpoint, --model and that the server is up");
    }

    public static async Task<ServeRunResult> MeasureAsync(
        ServeBenchConfig config, ServeTarget target, OpenAiStreamClient client, IReadOnlyList<BenchPrompt> prompts, IAnsiConsole console, string description, CancellationToken cancellationToken)
    {
        var offsets = ArrivalSchedule.Offsets(prompts.Count, config.RequestRate, config.Burstiness, new Random(config.Seed));
        var date = DateTime.Now;
        IReadOnlyList<RequestOutput> outputs = [];
        var duration = 0.0;
        await BenchProgress.RunAsync(console, wanted: true, prompts.Count, async progress =>
        {
            progress.Describe(description);
            (outputs, duration) = await BenchmarkRunner.RunAsync(client, prompts, offsets, config.MaxConcurrency, () => progress.Advance(1), cancellationToken);
        });
        var metrics = ServeMetrics.Compute(outputs, duration, config.MetricPercentiles, config.Goodput);
        return new ServeRunResult(RunInfo.Of(config, target, client.Backend, date), metrics, outputs);
    }

    /// <summary>The one-line description of a run, e.g. for the progress bar.</summary>
    public static string Describe(ServeBenchConfig config, int prompts) => string.Create(CultureInfo.InvariantCulture,
        $"{prompts} requests, rate {(double.IsPositiveInfinity(config.RequestRate) ? "inf" : config.RequestRate.ToString("G", CultureInfo.InvariantCulture))}/s, concurrency {(config.MaxConcurrency is { } c ? c.ToString(CultureInfo.InvariantCulture) : "unlimited")}");

    /// <summary>Writes a result file into <c>--result-dir</c> and says where.</summary>
    public static void Save(IAnsiConsole console, ServeBenchConfig config, string fileName, string contents)
    {
        var path = Path.Combine(config.ResultDir, fileName);
        try
        {
            File.WriteAllText(path, contents);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"cannot write '{path}': {e.Message}");
        }
        console.WriteLine("wrote " + path);
    }
}

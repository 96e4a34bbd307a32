using System.CommandLine;
using Spectre.Console;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// <c>sharpinfer bench serve</c>: vLLM's <c>bench serve</c> against any OpenAI-compatible server (ours, vLLM,
/// llama-server, MindIE): TTFT, TPOT, ITL, E2EL, throughput and goodput, with vLLM's console summary and
/// result JSON.
/// </summary>
internal static class BenchServeCommand
{
    public static Command Create(CliIo io)
    {
        var options = new ServeBenchOptions();
        var command = new Command("serve", "Benchmark a running OpenAI-compatible server (TTFT, TPOT, ITL, throughput).");
        foreach (var option in options.All)
            command.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = options.Read(parse);
            var target = await ServeTarget.ResolveAsync(config, cancellationToken);
            var prompts = target.Prompts(config, config.NumPrompts, config.Seed);
            var console = BenchConsole.Create(io.Out);
            using var client = target.Client(config);
            console.WriteLine($"{config.Url} model {target.Model}, {config.DatasetName} prompts: {ServeBenchRun.Describe(config, prompts.Count)}");
            await ServeBenchRun.WarmupAsync(config, target, client, console, cancellationToken);
            var result = await ServeBenchRun.MeasureAsync(config, target, client, prompts, console, ServeBenchRun.Describe(config, prompts.Count), cancellationToken);
            ServeSummary.Print(console, result.Run, result.Metrics, result.Outputs, config.PercentileMetrics);
            var stem = config.ResultFilename is { } name ? Path.GetFileNameWithoutExtension(name) : result.Run.FileStem();
            if (config.SaveResult)
                ServeBenchRun.Save(console, config, config.ResultFilename ?? stem + ".json",
                    ResultJson.Build(result.Run, result.Metrics, result.Outputs).ToJsonString(JsonOutput.Options) + "\n");
            if (config.Plot)
                ServeBenchRun.Save(console, config, stem + ".html", ServePlot.Render(result.Run, result.Metrics, result.Outputs));
            return 0;
        });
        return command;
    }
}

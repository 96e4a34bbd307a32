using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;
using Spectre.Console;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// <c>sharpinfer bench sweep</c>: <c>bench serve</c> once per <c>--max-concurrency</c> value (or request rate),
/// each point on fresh prompts (seed + point index, so no point is served from another's prefix cache),
/// reported as a throughput-versus-latency table, a JSON list of vLLM results and an HTML plot.
/// </summary>
internal static class BenchSweepCommand
{
    public static Command Create(CliIo io)
    {
        var options = new ServeBenchOptions();
        var concurrencies = new Option<string?>("--concurrencies") { Description = "Comma-separated --max-concurrency values, e.g. 1,4,16,32." };
        var rates = new Option<string?>("--request-rates") { Description = "Comma-separated --request-rate values, e.g. 1,2,4,inf." };
        var perConcurrency = new Option<int?>("--num-prompts-per-concurrency")
        {
            Description = "With --concurrencies: send this many prompts per slot (concurrency × N) instead of --num-prompts at every point.",
        };
        var command = new Command("sweep", "Run bench serve over several concurrencies or request rates: throughput versus latency.") { concurrencies, rates, perConcurrency };
        foreach (var option in options.All)
            command.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = options.Read(parse);
            var points = Points(config, parse.GetValue(concurrencies), parse.GetValue(rates), parse.GetValue(perConcurrency));
            var target = await ServeTarget.ResolveAsync(config, cancellationToken);
            var console = BenchConsole.Create(io.Out);
            using var client = target.Client(config);
            await ServeBenchRun.WarmupAsync(config, target, client, console, cancellationToken);
            var results = new List<ServeRunResult>(points.Count);
            for (var i = 0; i < points.Count; i++)
            {
                var point = points[i];
                var prompts = target.Prompts(point, point.NumPrompts, point.Seed + i);
                var result = await ServeBenchRun.MeasureAsync(point, target, client, prompts, console, ServeBenchRun.Describe(point, prompts.Count), cancellationToken);
                console.WriteLine(SweepReport.Line(result));
                results.Add(result);
            }
            SweepReport.Print(console, results, byConcurrency: parse.GetValue(concurrencies) is not null);
            var stem = config.ResultFilename is { } name ? Path.GetFileNameWithoutExtension(name) : "sweep-" + results[0].Run.FileStem();
            if (config.SaveResult)
                ServeBenchRun.Save(console, config, config.ResultFilename ?? stem + ".json",
                    new JsonArray([.. results.Select(r => (JsonNode)ResultJson.Build(r.Run, r.Metrics, r.Outputs))]).ToJsonString(JsonOutput.Options) + "\n");
            if (config.Plot)
                ServeBenchRun.Save(console, config, stem + ".html", SweepReport.Plot(stem, results));
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<ServeBenchConfig> Points(ServeBenchConfig config, string? concurrencies, string? rates, int? perConcurrency)
    {
        if (perConcurrency is not null && concurrencies is null)
            throw new UserErrorException("--num-prompts-per-concurrency goes with --concurrencies");
        var perSlot = perConcurrency is { } n ? BenchOptions.Positive("--num-prompts-per-concurrency", n) : (int?)null;
        return (concurrencies, rates) switch
        {
            ({ } list, null) => [.. Split(list, "--concurrencies").Select(item =>
                int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0
                    ? config with { MaxConcurrency = c, NumPrompts = perSlot is { } k ? c * k : config.NumPrompts }
                    : throw new UserErrorException($"--concurrencies: '{item}' is not a positive integer; give e.g. 1,4,16,32"))],
            (null, { } list) => [.. Split(list, "--request-rates").Select(item => config with { RequestRate = ServeBenchOptions.ParseRate(item, "--request-rates") })],
            _ => throw new UserErrorException("give exactly one of --concurrencies (e.g. 1,4,16,32) or --request-rates (e.g. 1,2,4,inf)"),
        };
    }

    private static string[] Split(string list, string flag)
    {
        var items = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return items.Length > 0 ? items : throw new UserErrorException($"{flag} is empty");
    }
}

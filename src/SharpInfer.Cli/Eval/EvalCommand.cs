using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using SharpInfer.Core;

namespace SharpInfer.Cli.Eval;

/// <summary>
/// <c>sharpinfer eval</c>: accuracy on GSM8K, MMLU, C-Eval, BoolQ and AIME against any OpenAI-compatible server,
/// computed as lm_eval computes it; <c>eval compare</c> diffs two runs' per-sample verdicts.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliIo io)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "The server, e.g. http://127.0.0.1:8000 (a trailing /v1 is accepted).", Required = true };
        var model = new Option<string>("--model") { Description = "The served model's name (sent as 'model').", Required = true };
        var tasks = new Option<string>("--tasks") { Description = $"Comma-separated tasks: {TaskCatalog.Known}.", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder holding the tasks' files (see README for the layouts).", Required = true };
        var numFewshot = new Option<int?>("--num-fewshot") { Description = "Few-shot examples per question (default: lm_eval's per task: gsm8k 5, others 0)." };
        var limit = new Option<int?>("--limit") { Description = "Score only the first N samples of each task (each MMLU subject)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 8 };
        var chat = new Option<bool>("--chat") { Description = "Generation tasks go to /v1/chat/completions (the model's chat template)." };
        var seed = new Option<ulong>("--seed") { Description = "The 'seed' sent with every request (lm_eval's default 1234).", DefaultValueFactory = _ => 1234 };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "Generation limit (default: gsm8k 256, aime 32768; capped by the context)." };
        var outputJson = new Option<string?>("--output-json") { Description = "Write the results and every sample's record to this file." };

        var command = new Command("eval", "Accuracy on GSM8K, MMLU, C-Eval, BoolQ and AIME against an OpenAI-compatible server, as lm_eval computes it.")
        {
            baseUrl, model, tasks, dataDir, numFewshot, limit, concurrency, chat, seed, maxTokens, outputJson,
            CompareCommand(io),
        };
        command.SetAction(parse => Execute(io, new EvalSettings(
            parse.GetValue(baseUrl)!, parse.GetValue(model)!, parse.GetValue(tasks)!, parse.GetValue(dataDir)!,
            parse.GetValue(numFewshot), parse.GetValue(limit), parse.GetValue(concurrency), parse.GetValue(chat),
            parse.GetValue(seed), parse.GetValue(maxTokens), parse.GetValue(outputJson))));
        return command;
    }

    private static Command CompareCommand(CliIo io)
    {
        var a = new Argument<string>("A.json") { Description = "An eval --output-json file." };
        var b = new Argument<string>("B.json") { Description = "Another, from the same tasks." };
        var command = new Command("compare", "List the samples whose verdicts differ between two eval --output-json runs.") { a, b };
        command.SetAction(parse =>
        {
            var pathA = parse.GetValue(a)!;
            var pathB = parse.GetValue(b)!;
            EvalComparison.Print(io.Out, EvalComparison.Compare(EvalComparison.Load(pathA), EvalComparison.Load(pathB)), pathA, pathB);
            return 0;
        });
        return command;
    }

    private static int Execute(CliIo io, EvalSettings settings)
    {
        settings.Validate();
        var tasks = TaskCatalog.Load(settings.Tasks, new TaskOptions(settings.DataDir, settings.NumFewshot, settings.Limit, settings.MaxTokens, io.Error));
        if (settings.Chat && tasks.OfType<ChoiceTask>().FirstOrDefault() is { } choiceTask)
        {
            throw new UserErrorException($"--chat cannot score {choiceTask.Name}: multiple-choice tasks need prompt log-likelihoods, which only " +
                "/v1/completions gives (lm_eval's chat-completions models cannot score them either); run them without --chat");
        }
        var total = tasks.Sum(t => t.Count);
        io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"eval: {total} samples in {tasks.Count} task(s) against {settings.BaseUrl}, model {settings.Model}, {settings.Concurrency} requests at a time"));

        using var client = new EvalClient(settings.BaseUrl, settings.Model, settings.Concurrency, Environment.GetEnvironmentVariable("OPENAI_API_KEY"), TimeSpan.FromSeconds(0.5));
        var tokenizer = new ServerTokenizer(client);
        var runner = new EvalRunner(
            new LoglikelihoodScorer(client, tokenizer, settings.Seed),
            new Generator(client, tokenizer, settings.Chat, settings.Seed),
            new EvalProgress(io.Error, total));
        var results = runner.RunAsync(tasks, CancellationToken.None).GetAwaiter().GetResult();

        EvalReport.Print(io.Out, results);
        if (settings.OutputJson is { } path)
        {
            var json = EvalReport.Json(results, settings.ToJson(client.BaseUrl));
            try
            {
                File.WriteAllText(path, json.ToJsonString(JsonOutput.Options) + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserErrorException($"--output-json '{path}' cannot be written: {e.Message}");
            }
            io.Error.WriteLine($"eval: wrote {path}");
        }
        return 0;
    }
}

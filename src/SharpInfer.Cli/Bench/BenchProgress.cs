using Spectre.Console;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// A progress bar over the generated tokens (or finished requests) while a benchmark runs, on an interactive terminal only: piped
/// output, tests and <c>--output-json</c> runs get none, so what they capture is the results alone.
/// </summary>
internal sealed class BenchProgress
{
    private readonly ProgressTask? _task;

    private BenchProgress(ProgressTask? task) => _task = task;

    public static void Run(IAnsiConsole console, bool wanted, double totalTokens, Action<BenchProgress> body)
    {
        if (!wanted || !console.Profile.Capabilities.Interactive)
        {
            body(new BenchProgress(null));
            return;
        }
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => body(new BenchProgress(context.AddTask("starting", maxValue: totalTokens))));
    }

    public static async Task RunAsync(IAnsiConsole console, bool wanted, double total, Func<BenchProgress, Task> body)
    {
        if (!wanted || !console.Profile.Capabilities.Interactive)
        {
            await body(new BenchProgress(null));
            return;
        }
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(context => body(new BenchProgress(context.AddTask("starting", maxValue: total))));
    }

    /// <summary>Names the run in progress (plain text: brackets are escaped).</summary>
    public void Describe(string text)
    {
        if (_task is not null)
            _task.Description = Markup.Escape(text);
    }

    public void Advance(int tokens) => _task?.Increment(tokens);
}

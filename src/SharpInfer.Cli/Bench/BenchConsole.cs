using Spectre.Console;

namespace SharpInfer.Cli.Bench;

/// <summary>
/// A Spectre console over the command's stdout. Only the process's own stdout on a real terminal gets colours
/// and live widgets; anything else (a pipe, a file, a test's writer) gets plain text at a fixed width, so the
/// tables stay readable in logs.
/// </summary>
internal static class BenchConsole
{
    private const int PlainWidth = 120;

    public static IAnsiConsole Create(TextWriter writer)
    {
        var terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
            console.Profile.Width = PlainWidth;
        return console;
    }
}

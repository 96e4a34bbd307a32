using System.CommandLine;
using SharpInfer.Cli.Bench;
using SharpInfer.Cli.Eval;
using SharpInfer.Cli.Convert;
using SharpInfer.Cli.Quantize;
using SharpInfer.Core;

namespace SharpInfer.Cli;

/// <summary>
/// The <c>sharpinfer</c> command line. Exit codes: 0 success, 2 a user error (bad flag, file or input;
/// one line on stderr saying what and how to fix it), 1 an internal error (with its stack trace).
/// </summary>
internal static class CliApp
{
    public const int UserErrorExitCode = 2;

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIo(stdin, stdout, stderr);
        var root = new RootCommand("SharpInfer: LLM inference in C#.")
        {
            GenerateCommand.Create(io),
            TokenizeCommand.Create(io),
            BenchCommand.Create(io),
            ServeCommand.Create(io),
            DoctorCommand.Create(io),
            EvalCommand.Create(io),
            ConvertCommand.Create(io),
            InspectCommand.Create(io),
            QuantizeCommand.Create(io),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                stderr.WriteLine($"error: {error.Message}");
            stderr.WriteLine("Run with --help for usage.");
            return UserErrorExitCode;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                // serve handles SIGTERM itself (graceful drain); System.CommandLine would kill it after 2 s.
                ProcessTerminationTimeout = null,
            });
        }
        catch (UserErrorException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return UserErrorExitCode;
        }
        finally
        {
            stdout.Flush();
        }
    }
}

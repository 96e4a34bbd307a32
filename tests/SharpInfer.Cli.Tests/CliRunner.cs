using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Tests;

/// <summary>Runs the CLI in-process with captured streams.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public JsonNode Json => JsonNode.Parse(Stdout)!;

        public IEnumerable<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static Result RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = CliApp.Run(args, new StringReader(stdin), stdout, stderr);
        return new Result(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static Result Run(params string[] args) => RunWithInput("", args);
}

using System.Text.Json.Nodes;

namespace SharpInfer.Cli.Tests.BenchServe;

/// <summary>Runs <c>bench serve</c> in-process (off the test thread) with <c>--save-result</c> and returns its console output and result JSON.</summary>
internal sealed class BenchRun : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("sharpinfer-bench-serve-").FullName;

    public string Directory => _directory;

    public async Task<(CliRunner.Result Result, JsonObject Json)> ServeAsync(params string[] args)
    {
        var result = await Task.Run(() => CliRunner.Run(["bench", "serve", .. args, "--save-result", "--result-dir", _directory, "--result-filename", "result.json"]));
        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        return (result, JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "result.json")))!.AsObject());
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}

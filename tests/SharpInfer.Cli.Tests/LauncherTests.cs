using System.Diagnostics;
using System.Text.Json.Nodes;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

/// <summary>README's first command: the ./sharpinfer launcher builds the CLI and runs it.</summary>
public sealed class LauncherTests
{
    [Fact]
    public async Task LauncherBuildsAndGenerates()
    {
        var launcher = Launcher();
        var start = new ProcessStartInfo("bash", [launcher, "generate", "--model", SharedData.Model("stories260K"), "--prompt-ids", "1", "--max-tokens", "5", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(new[] { 403, 407, 261, 378, 432 }, JsonNode.Parse(await stdout)!["token_ids"]!.AsArray().Select(v => (int)v!));
    }

    /// <summary>The repository's ./sharpinfer script.</summary>
    internal static string Launcher() => Path.Combine(RepositoryRoot(), "sharpinfer");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "sharpinfer")) && File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("repository root with ./sharpinfer not found");
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SharpInfer.Tests;

namespace SharpInfer.Cli.Tests;

/// <summary>
/// <c>sharpinfer serve</c> as a real process: 503 while the model loads, then SIGTERM lets an in-flight
/// stream finish, refuses new work and exits with code 0.
/// </summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task LoadsBehind503sAndDrainsOnSigterm()
    {
        var start = new ProcessStartInfo("bash",
        [
            LauncherTests.Launcher(), "serve", "--model", SharedData.Path("configs", "qwen2.5-0.5b-instruct"), "--load-format", "dummy",
            "--port", "0", "--max-model-len", "128", "--kv-cache-memory", "33554432", "--block-size", "16",
        ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            var url = await ListeningUrl(process, timeout.Token);
            using var http = new HttpClient { BaseAddress = new Uri(url) };

            var sawLoading = false;
            while (true)
            {
                using var health = await http.GetAsync("/health", timeout.Token);
                if (health.StatusCode == HttpStatusCode.OK)
                    break;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                Assert.Contains("loading", await health.Content.ReadAsStringAsync(timeout.Token));
                sawLoading = true;
                await Task.Delay(100, timeout.Token);
            }
            Assert.True(sawLoading, "dummy weights for 494M parameters take seconds: /health must have said 503 first");

            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
            {
                Content = new StringContent("""{"prompt":"Hello","max_tokens":24,"temperature":0,"ignore_eos":true,"stream":true}""", Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            Assert.StartsWith("data: ", await reader.ReadLineAsync(timeout.Token));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(timeout.Token);

            var rest = await reader.ReadToEndAsync(timeout.Token);
            Assert.Contains("\"finish_reason\":\"length\"", rest);
            Assert.EndsWith("data: [DONE]\n\n", rest);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<string> ListeningUrl(Process process, CancellationToken cancellationToken)
    {
        while (await process.StandardError.ReadLineAsync(cancellationToken) is { } line)
        {
            var match = Regex.Match(line, @"listening on (http://[^ ,;]+)");
            if (match.Success)
                return match.Groups[1].Value;
        }
        throw new InvalidOperationException("serve exited before listening");
    }
}

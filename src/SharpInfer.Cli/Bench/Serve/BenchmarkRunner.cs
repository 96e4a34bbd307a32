using System.Diagnostics;

namespace SharpInfer.Cli.Bench.Serve;

/// <summary>
/// Runs prompts against the server as vLLM's <c>benchmark</c> does: requests are released on the arrival
/// schedule whatever the server's pace, and at most <c>maxConcurrency</c> are in flight (a released request
/// waits for a slot; its TTFT clock starts when it is sent). The duration runs from the first release to the
/// last response.
/// </summary>
internal static class BenchmarkRunner
{
    public static async Task<(IReadOnlyList<RequestOutput> Outputs, double Duration)> RunAsync(
        OpenAiStreamClient client, IReadOnlyList<BenchPrompt> prompts, double[] offsets, int? maxConcurrency, Action onFinished, CancellationToken cancellationToken)
    {
        using var slots = maxConcurrency is { } limit ? new SemaphoreSlim(limit) : null;
        var clock = Stopwatch.StartNew();
        var tasks = new Task<RequestOutput>[prompts.Count];
        for (var i = 0; i < prompts.Count; i++)
        {
            var wait = offsets[i] - clock.Elapsed.TotalSeconds;
            if (wait > 0)
                await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
            tasks[i] = SendAsync(client, prompts[i], clock, slots, onFinished, cancellationToken);
        }
        var outputs = await Task.WhenAll(tasks);
        return (outputs, clock.Elapsed.TotalSeconds);
    }

    private static async Task<RequestOutput> SendAsync(
        OpenAiStreamClient client, BenchPrompt prompt, Stopwatch clock, SemaphoreSlim? slots, Action onFinished, CancellationToken cancellationToken)
    {
        if (slots is not null)
            await slots.WaitAsync(cancellationToken);
        try
        {
            return await client.SendAsync(prompt, clock, cancellationToken);
        }
        finally
        {
            slots?.Release();
            onFinished();
        }
    }
}

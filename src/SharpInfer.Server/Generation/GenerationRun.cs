using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SharpInfer.Engine;
using SharpInfer.Server.Metrics;

namespace SharpInfer.Server.Generation;

/// <summary>
/// One API request's prompts submitted to the engine together, their outputs merged into one stream of
/// choice events (choice index = prompt index × n + completion index). A choice ended by a stop string
/// stops its request in the engine once all of the request's choices are done; cancellation aborts everything,
/// and so does passing the token or e2e timeout (choices then end with "abort"). Every output also feeds /metrics.
/// </summary>
internal sealed class GenerationRun(ModelContext model, IReadOnlyList<int[]> prompts, SamplingParams sampling, IReadOnlyList<string> stops)
{
    public async IAsyncEnumerable<ChoiceEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<ChoiceEvent>();
        var runId = Guid.NewGuid().ToString("N");
        var pumps = prompts.Select((prompt, p) => Pump($"{runId}-{p}", p, prompt, events.Writer, cancellationToken)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(t => events.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        await foreach (var choiceEvent in events.Reader.ReadAllAsync(CancellationToken.None))
            yield return choiceEvent;
    }

    private async Task Pump(string requestId, int promptIndex, int[] prompt, ChannelWriter<ChoiceEvent> events, CancellationToken cancellationToken)
    {
        var choices = Enumerable.Range(0, sampling.N)
            .Select(i => new ChoiceState(promptIndex * sampling.N + i, model.Tokenizer, prompt, stops)).ToArray();
        var recorder = new SequenceRecorder(model.Requests, sampling.N, TimeProvider.System);
        using var timeouts = new RequestTimeouts(requestId, model.Options.TokenTimeout, model.Options.E2eTimeout, TimeProvider.System, model.Warn, cancellationToken);
        await Task.Yield();
        await foreach (var output in model.Engine.Submit(new EngineRequest(requestId, prompt, sampling), timeouts.Token))
        {
            if (output.NewTokenIds.Count > 0)
                timeouts.TokenArrived();
            if (choices[output.Index].Apply(output) is { } choiceEvent)
            {
                recorder.Record(output, choiceEvent.FinishReason, choices[output.Index].CompletionTokens);
                await events.WriteAsync(choiceEvent, CancellationToken.None);
            }
            if (choices.All(c => c.Finished))
                break; // stop strings ended every choice early: leaving the stream aborts the engine request
        }
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using SharpInfer.Core;

namespace SharpInfer.Engine;

/// <summary>
/// The engine for servers: <see cref="LlmEngine"/> stepping on its own thread, fed through a command queue.
/// <see cref="Submit"/> returns a request's outputs as an async stream; cancelling the stream (or
/// <see cref="Abort"/>) ends the request at the next step boundary and frees its blocks at once.
/// </summary>
public sealed class AsyncLlmEngine : IAsyncDisposable
{
    private readonly LlmEngine _engine;
    private readonly ConcurrentQueue<EngineCommand> _commands = new();
    private readonly Dictionary<string, RequestStream> _streams = new(StringComparer.Ordinal);
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _loop;
    private volatile bool _stopping;
    private volatile EngineMetrics _metrics;

    public AsyncLlmEngine(LlmEngine engine)
    {
        _engine = engine;
        _metrics = engine.Metrics;
        _loop = new Thread(Run) { Name = "sharpinfer-engine", IsBackground = true };
        _loop.Start();
    }

    /// <summary>Counters as of the last step.</summary>
    public EngineMetrics Metrics => _metrics;

    public int MaxModelLen => _engine.MaxModelLen;

    /// <summary>Whether the engine thread is running (health checks report it).</summary>
    public bool IsAlive => _loop.IsAlive && !_stopping;

    /// <summary>
    /// Queues a request and streams its outputs (all <c>n</c> completions interleaved) until each has
    /// finished. An invalid request throws <see cref="UserErrorException"/> from the first MoveNextAsync.
    /// </summary>
    public async IAsyncEnumerable<RequestOutput> Submit(EngineRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<RequestOutput>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Post(new EngineCommand(request, null, channel));
        await using var abortOnCancel = cancellationToken.Register(() => Abort(request.RequestId));
        var finished = false;
        try
        {
            // Cancellation aborts the request; the engine then completes the channel with the abort outputs.
            await foreach (var output in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return output;
            }
            finished = true;
        }
        finally
        {
            if (!finished)
                Abort(request.RequestId); // the consumer stopped reading early
        }
    }

    public void Abort(string requestId) => Post(new EngineCommand(null, requestId, null));

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _wake.Set();
        await Task.Run(_loop.Join);
        _wake.Dispose();
    }

    private void Post(EngineCommand command)
    {
        if (_stopping)
            throw new InvalidOperationException("the engine has been shut down");
        _commands.Enqueue(command);
        _wake.Set();
    }

    private void Run()
    {
        while (!_stopping)
        {
            DrainCommands();
            if (!_engine.HasUnfinishedRequests)
            {
                _metrics = _engine.Metrics;
                _wake.WaitOne();
                continue;
            }
            try
            {
                var outputs = _engine.Step();
                Route(outputs);
                _metrics = _engine.Metrics;
                if (outputs.Count == 0 && _metrics.NumRunning == 0)
                    _wake.WaitOne(TimeSpan.FromMilliseconds(1)); // held for companions (queue delay): don't spin
            }
            catch (Exception e)
            {
                FailEverything(e);
            }
        }
        FailEverything(new OperationCanceledException("the engine was shut down"));
    }

    private void DrainCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            if (command.Request is { } request)
            {
                try
                {
                    _engine.AddRequest(request);
                    _streams[request.RequestId] = new RequestStream(command.Channel!, request.Sampling.N);
                }
                catch (UserErrorException e)
                {
                    command.Channel!.Writer.TryComplete(e);
                }
            }
            else
            {
                Route(_engine.Abort(command.AbortId!));
            }
        }
    }

    private void Route(IReadOnlyList<RequestOutput> outputs)
    {
        foreach (var output in outputs)
        {
            if (!_streams.TryGetValue(output.RequestId, out var stream))
                continue;
            stream.Channel.Writer.TryWrite(output);
            if (output.Finished && --stream.Remaining == 0)
            {
                stream.Channel.Writer.TryComplete();
                _streams.Remove(output.RequestId);
            }
        }
    }

    /// <summary>After an internal error the engine's state is unknown: every request ends with the error rather than hang.</summary>
    private void FailEverything(Exception error)
    {
        foreach (var (id, stream) in _streams)
        {
            _engine.Abort(id);
            stream.Channel.Writer.TryComplete(error);
        }
        _streams.Clear();
        while (_commands.TryDequeue(out var command))
            command.Channel?.Writer.TryComplete(error);
        _metrics = _engine.Metrics;
    }

    private sealed record EngineCommand(EngineRequest? Request, string? AbortId, Channel<RequestOutput>? Channel);

    private sealed class RequestStream(Channel<RequestOutput> channel, int completions)
    {
        public Channel<RequestOutput> Channel { get; } = channel;
        public int Remaining { get; set; } = completions;
    }
}

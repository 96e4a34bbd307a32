using SharpInfer.Core;
using SharpInfer.Engine.Execution;
using SharpInfer.Engine.KvCache;
using SharpInfer.Engine.Sampling;
using SharpInfer.Engine.Scheduling;
using SharpInfer.Models;

namespace SharpInfer.Engine;

/// <summary>
/// The engine core, driven one step at a time: schedule → run the model → apply the results. It sees
/// token ids only. Not thread-safe: <see cref="AsyncLlmEngine"/> owns one on its own thread.
/// </summary>
public sealed class LlmEngine
{
    private readonly IModelRunner _runner;
    private readonly KvCacheManager _kv;
    private readonly Scheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly IReadOnlyCollection<int> _eosIds;
    private readonly Dictionary<string, List<Sequence>> _requests = new(StringComparer.Ordinal);
    private long _arrivals;
    private int _nextSeqId;
    private long _promptTokens;
    private long _generationTokens;
    private long _steps;

    public LlmEngine(LoadedModel model, EngineConfig config, TimeProvider? time = null)
    {
        Config = config.Resolve(model.MaxModelLength);
        var kvCacheDType = Config.KvCacheDTypeFor(model.Model);
        var numBlocks = KvCacheSizing.NumBlocks(Config, model.Model.KvBytesPerBlock(Config.BlockSize, kvCacheDType), Config.ResolvedMaxModelLen);
        _runner = new ModelRunner(model.Model, model.Model.CreateKvCache(numBlocks, Config.BlockSize, kvCacheDType));
        (_kv, _scheduler, _time, _eosIds) = Parts(Config, numBlocks, time ?? TimeProvider.System, model.EosTokenIds);
    }

    internal LlmEngine(IModelRunner runner, EngineConfig resolvedConfig, int numBlocks, IReadOnlyCollection<int> eosIds, TimeProvider time)
    {
        Config = resolvedConfig;
        _runner = runner;
        (_kv, _scheduler, _time, _eosIds) = Parts(Config, numBlocks, time, eosIds);
    }

    public EngineConfig Config { get; }
    public int MaxModelLen => Config.ResolvedMaxModelLen;
    public int NumKvBlocks => _kv.NumBlocks;
    public bool HasUnfinishedRequests => _requests.Count > 0;

    internal KvCacheManager KvCache => _kv;
    internal Scheduler Scheduler => _scheduler;

    public EngineMetrics Metrics => new(
        _scheduler.NumRunning, _scheduler.NumWaiting, _kv.Usage, _kv.NumBlocks, _scheduler.PrefixQueryTokens, _scheduler.PrefixHitTokens,
        _kv.Evictions, _scheduler.Preemptions, _promptTokens, _generationTokens, _steps);

    /// <summary>Queues a request (its <c>n</c> completions); throws <see cref="UserErrorException"/> for an invalid one.</summary>
    public void AddRequest(EngineRequest request)
    {
        Validate(request);
        var sampling = request.Sampling;
        var stopIds = new HashSet<int>(sampling.StopTokenIds);
        if (!sampling.IgnoreEos)
            stopIds.UnionWith(_eosIds);
        var seed = sampling.Seed ?? SequenceSampler.NewSeed();
        var arrival = _arrivals++;
        var sequences = new List<Sequence>(sampling.N);
        for (var i = 0; i < sampling.N; i++)
        {
            var sampler = new SequenceSampler(sampling, unchecked(seed + (ulong)i), _runner.VocabSize);
            var sequence = new Sequence(_nextSeqId++, request, i, arrival, stopIds, sampler);
            sequence.Times.Arrival = _time.GetUtcNow();
            sequences.Add(sequence);
            _scheduler.Add(sequence);
        }
        _requests.Add(request.RequestId, sequences);
        _promptTokens += request.PromptTokenIds.Count;
    }

    /// <summary>Runs one step; returns what each touched completion produced (nothing mid-prefill).</summary>
    public IReadOnlyList<RequestOutput> Step()
    {
        var scheduled = _scheduler.Schedule();
        if (scheduled.IsEmpty)
            return [];
        var results = _runner.Execute(scheduled);
        _steps++;
        return Apply(scheduled, results);
    }

    /// <summary>Ends a request at once, freeing its blocks; returns its completions' final outputs (none if unknown).</summary>
    public IReadOnlyList<RequestOutput> Abort(string requestId)
    {
        if (!_requests.Remove(requestId, out var sequences))
            return [];
        var outputs = new List<RequestOutput>();
        foreach (var sequence in sequences.Where(s => s.Status != SequenceStatus.Finished))
        {
            _scheduler.Finish(sequence, FinishReason.Abort);
            sequence.Times.Finished = _time.GetUtcNow();
            outputs.Add(Output(sequence, [], null, null));
        }
        return outputs;
    }

    /// <summary>Runs requests to completion (offline use: CLI, benchmarks, tests).</summary>
    public IReadOnlyList<CompletionResult> Generate(IEnumerable<EngineRequest> requests, Action<RequestOutput>? onOutput = null)
    {
        var results = new Dictionary<(string, int), CompletionResult>();
        var order = new List<CompletionResult>();
        foreach (var request in requests)
        {
            AddRequest(request);
            for (var i = 0; i < request.Sampling.N; i++)
            {
                var result = new CompletionResult(request.RequestId, i);
                results.Add((request.RequestId, i), result);
                order.Add(result);
            }
        }
        while (HasUnfinishedRequests)
        {
            foreach (var output in Step())
            {
                results[(output.RequestId, output.Index)].Add(output);
                onOutput?.Invoke(output);
            }
        }
        return order;
    }

    private IReadOnlyList<RequestOutput> Apply(SchedulerOutput scheduled, ModelRunnerOutput results)
    {
        var outputs = new List<RequestOutput>();
        for (var b = 0; b < scheduled.Scheduled.Count; b++)
        {
            var step = scheduled.Scheduled[b];
            var sequence = step.Sequence;
            var result = results.Results[b];
            sequence.NumComputedTokens = step.Start + step.NumNewTokens;
            if (result.PromptLogprobs is not null)
                sequence.PromptLogprobs!.AddRange(result.PromptLogprobs.Select(v => (float?)v));
            if (!step.SamplesToken)
                continue;

            sequence.TokenIds.Add(result.SampledToken);
            _generationTokens++;
            var now = _time.GetUtcNow();
            sequence.Times.FirstToken ??= now;
            var reason = FinishReasonAfter(sequence, result.SampledToken);
            if (reason is { } finished)
            {
                _scheduler.Finish(sequence, finished);
                sequence.Times.Finished = now;
                if (_requests[sequence.Request.RequestId].All(s => s.Status == SequenceStatus.Finished))
                    _requests.Remove(sequence.Request.RequestId);
            }
            var promptLogprobs = sequence.NumOutputTokens == 1 ? sequence.PromptLogprobs : null;
            outputs.Add(Output(sequence, [result.SampledToken], result.Logprob is { } lp ? [lp] : null, promptLogprobs));
        }
        return outputs;
    }

    private FinishReason? FinishReasonAfter(Sequence sequence, int token)
    {
        if (sequence.StopIds.Contains(token) && sequence.NumOutputTokens >= sequence.Sampling.MinTokens)
            return FinishReason.Stop;
        if (sequence.NumOutputTokens >= sequence.Sampling.MaxTokens || sequence.NumTokens >= MaxModelLen)
            return FinishReason.Length;
        return null;
    }

    private static RequestOutput Output(Sequence sequence, IReadOnlyList<int> tokens, IReadOnlyList<TokenLogprob>? logprobs, IReadOnlyList<float?>? promptLogprobs) =>
        new(sequence.Request.RequestId, sequence.Index, tokens, logprobs, promptLogprobs, sequence.FinishReason,
            sequence.NumPromptTokens, sequence.NumCachedTokens, sequence.Times);

    private void Validate(EngineRequest request)
    {
        if (_requests.ContainsKey(request.RequestId))
            throw new UserErrorException($"request id '{request.RequestId}' is already in use");
        var prompt = request.PromptTokenIds;
        if (prompt.Count == 0)
            throw new UserErrorException("the prompt is empty; give at least one token");
        if (prompt.Count >= MaxModelLen)
            throw new UserErrorException(
                $"the prompt has {prompt.Count} tokens but max-model-len is {MaxModelLen} (room for at least one generated token is needed); shorten the prompt or raise --max-model-len");
        for (var i = 0; i < prompt.Count; i++)
        {
            if ((uint)prompt[i] >= (uint)_runner.VocabSize)
                throw new UserErrorException($"prompt token {i} is {prompt[i]}, outside the vocabulary (0..{_runner.VocabSize - 1})");
        }
        request.Sampling.Validate(_runner.VocabSize);
    }

    private static (KvCacheManager, Scheduler, TimeProvider, IReadOnlyCollection<int>) Parts(
        EngineConfig config, int numBlocks, TimeProvider time, IReadOnlyCollection<int> eosIds)
    {
        var kv = new KvCacheManager(numBlocks, config.BlockSize, config.EnablePrefixCaching);
        return (kv, new Scheduler(config, kv, time), time, eosIds);
    }
}

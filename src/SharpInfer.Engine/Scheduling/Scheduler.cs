using SharpInfer.Engine.KvCache;

namespace SharpInfer.Engine.Scheduling;

/// <summary>
/// Fills each step's token budget: running sequences first (one token for those generating, the next
/// chunk for those still prefilling), then waiting ones in policy order. When blocks run out, the
/// lowest-priority running sequence is preempted: its blocks are freed and it recomputes later.
/// </summary>
internal sealed class Scheduler
{
    private readonly EngineConfig _config;
    private readonly KvCacheManager _kv;
    private readonly TimeProvider _time;
    private readonly SequenceOrder _order;
    private readonly SortedSet<Sequence> _waiting;
    private readonly List<Sequence> _running = [];

    public Scheduler(EngineConfig config, KvCacheManager kv, TimeProvider time)
    {
        _config = config;
        _kv = kv;
        _time = time;
        _order = new SequenceOrder(config.Policy);
        _waiting = new SortedSet<Sequence>(_order);
    }

    public int NumWaiting => _waiting.Count;
    public int NumRunning => _running.Count;
    public long Preemptions { get; private set; }
    public long PrefixQueryTokens { get; private set; }
    public long PrefixHitTokens { get; private set; }

    public IReadOnlyList<Sequence> Running => _running;

    public void Add(Sequence sequence) => _waiting.Add(sequence);

    public SchedulerOutput Schedule()
    {
        var budget = _config.MaxNumBatchedTokens;
        var scheduled = new List<ScheduledSequence>();
        var scheduledSet = new HashSet<Sequence>();
        var preempted = 0;

        foreach (var sequence in _running.ToArray())
        {
            if (budget == 0)
                break;
            if (sequence.Status != SequenceStatus.Running)
                continue; // preempted earlier in this loop
            var count = Math.Min(sequence.NumTokens - sequence.NumComputedTokens, budget);
            while (!_kv.TryAllocateSlots(sequence, count))
            {
                var victim = PickVictim(scheduledSet, sequence);
                // Past the per-step cap the sequence waits for blocks to free up, unless nothing at all
                // was scheduled yet: then waiting would stall the engine for good.
                if (preempted >= _config.PreemptLimit && scheduled.Count > 0)
                {
                    count = 0;
                    break;
                }
                Preempt(victim);
                preempted++;
                if (victim == sequence)
                    break;
            }
            if (count == 0 || sequence.Status != SequenceStatus.Running)
                continue;
            scheduled.Add(new ScheduledSequence(sequence, sequence.NumComputedTokens, count));
            scheduledSet.Add(sequence);
            budget -= count;
        }

        // A step that had to preempt has no blocks to spare for newcomers.
        if (preempted == 0 && !HoldForCompanions())
            AdmitWaiting(ref budget, scheduled);
        return new SchedulerOutput(scheduled, preempted);
    }

    /// <summary>Marks a sequence finished and takes it (and its blocks) out of the queues.</summary>
    public void Finish(Sequence sequence, FinishReason reason)
    {
        if (sequence.Status == SequenceStatus.Running)
            _running.Remove(sequence);
        else if (sequence.Status == SequenceStatus.Waiting)
            _waiting.Remove(sequence);
        _kv.Free(sequence);
        sequence.Status = SequenceStatus.Finished;
        sequence.FinishReason = reason;
    }

    private void AdmitWaiting(ref int budget, List<ScheduledSequence> scheduled)
    {
        var admitted = 0;
        while (budget > 0 && _waiting.Count > 0 && _running.Count < _config.MaxNumSeqs && admitted < _config.PrefillBatchLimit)
        {
            var sequence = _waiting.Min!;
            var firstAdmission = sequence.NumPreemptions == 0;
            // Prompt log-probabilities need every prompt position's logits, so such requests skip the cache.
            var cached = sequence.Sampling.PromptLogprobs ? [] : _kv.FindCachedPrefix(sequence);
            var numCached = cached.Count * _kv.BlockSize;
            var remaining = sequence.NumTokens - numCached;
            var count = Math.Min(remaining, budget);
            if (!_config.EnableChunkedPrefill && count < remaining)
                break;
            if (!_kv.TryAllocateSlots(sequence, count, cached))
                break;

            _waiting.Remove(sequence);
            _running.Add(sequence);
            sequence.Status = SequenceStatus.Running;
            sequence.NumComputedTokens = numCached;
            sequence.Times.FirstScheduled ??= _time.GetUtcNow();
            if (firstAdmission)
            {
                sequence.NumCachedTokens = numCached;
                PrefixQueryTokens += sequence.NumTokens;
                PrefixHitTokens += numCached;
            }
            scheduled.Add(new ScheduledSequence(sequence, numCached, count));
            budget -= count;
            admitted++;
        }
    }

    /// <summary>
    /// With a queue delay set and nothing running, a lone prefill waits (up to the delay) for companions
    /// to batch with, as MindIE's maxQueueDelayMicroseconds does.
    /// </summary>
    private bool HoldForCompanions()
    {
        if (_config.MaxQueueDelay <= TimeSpan.Zero || _running.Count > 0 || _waiting.Count == 0
            || _waiting.Count >= Math.Min(_config.PrefillBatchLimit, _config.MaxNumSeqs))
            return false;
        var oldest = _waiting.Min(s => s.Times.Arrival);
        return _time.GetUtcNow() - oldest < _config.MaxQueueDelay;
    }

    /// <summary>The lowest-priority running sequence not yet scheduled in this step; may be the one asking.</summary>
    private Sequence PickVictim(HashSet<Sequence> scheduledThisStep, Sequence asking)
    {
        var victim = asking;
        foreach (var candidate in _running)
        {
            if (!scheduledThisStep.Contains(candidate) && _order.Compare(candidate, victim) > 0)
                victim = candidate;
        }
        return victim;
    }

    private void Preempt(Sequence sequence)
    {
        _running.Remove(sequence);
        _kv.Free(sequence);
        sequence.NumComputedTokens = 0;
        sequence.Status = SequenceStatus.Waiting;
        sequence.NumPreemptions++;
        _waiting.Add(sequence);
        Preemptions++;
    }
}

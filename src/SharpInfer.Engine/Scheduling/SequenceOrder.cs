namespace SharpInfer.Engine.Scheduling;

/// <summary>Scheduling order: priority (under the priority policy), then arrival, then completion index.</summary>
internal sealed class SequenceOrder(SchedulingPolicy policy) : IComparer<Sequence>
{
    public int Compare(Sequence? x, Sequence? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null || y is null)
            return x is null ? -1 : 1;
        var byPriority = policy == SchedulingPolicy.Priority ? x.Request.Priority.CompareTo(y.Request.Priority) : 0;
        if (byPriority != 0)
            return byPriority;
        var byArrival = x.ArrivalOrder.CompareTo(y.ArrivalOrder);
        return byArrival != 0 ? byArrival : x.SeqId.CompareTo(y.SeqId);
    }
}

namespace SharpInfer.Templating.Runtime;

/// <summary>An evaluated <c>[start:stop:step]</c>, resolved against a length with Python's slice rules.</summary>
internal sealed record SliceValue(long? Start, long? Stop, long? Step)
{
    public IEnumerable<int> Indices(int length)
    {
        var step = Step ?? 1;
        if (step == 0)
            throw new TemplateRuntimeException("slice step cannot be zero");
        long start, stop;
        if (step > 0)
        {
            start = Clamp(Start ?? 0, length, 0, length);
            stop = Clamp(Stop ?? length, length, 0, length);
            for (var i = start; i < stop; i += step)
                yield return (int)i;
        }
        else
        {
            start = Clamp(Start ?? length - 1, length, -1, length - 1);
            stop = Stop is null ? -1 : Clamp(Stop.Value, length, -1, length - 1);
            for (var i = start; i > stop; i += step)
                yield return (int)i;
        }
    }

    private static long Clamp(long index, int length, long low, long high)
    {
        if (index < 0)
            index += length;
        return Math.Clamp(index, low, high);
    }
}

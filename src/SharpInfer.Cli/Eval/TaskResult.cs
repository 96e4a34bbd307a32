namespace SharpInfer.Cli.Eval;

/// <summary>A task's samples and the metrics aggregated from their verdicts, in the verdicts' order.</summary>
internal sealed record TaskResult(EvalTask Task, IReadOnlyList<SampleRecord> Samples)
{
    public IReadOnlyList<MetricResult> Metrics { get; } = Aggregate(Samples);

    private static List<MetricResult> Aggregate(IReadOnlyList<SampleRecord> samples)
    {
        if (samples.Count == 0)
            return [];
        return samples[0].Verdicts.Select((v, k) =>
        {
            var values = samples.Select(s => s.Verdicts[k].Correct ? 1.0 : 0.0).ToList();
            return new MetricResult(v.Metric, v.Filter, MeanStderr.Mean(values), MeanStderr.Stderr(values), values.Count);
        }).ToList();
    }

    /// <summary>A group's metrics (MMLU over its subjects): the mean over all samples and lm_eval's pooled stderr.</summary>
    public static IReadOnlyList<MetricResult> Group(IReadOnlyList<TaskResult> subtasks)
    {
        var withSamples = subtasks.Where(t => t.Metrics.Count > 0).ToList();
        if (withSamples.Count == 0)
            return [];
        return withSamples[0].Metrics.Select((m, k) =>
        {
            var all = withSamples.SelectMany(t => t.Samples.Select(s => s.Verdicts[k].Correct ? 1.0 : 0.0)).ToList();
            var stderr = MeanStderr.Pooled(withSamples.Select(t => (t.Metrics[k].Stderr, t.Metrics[k].N)).ToList());
            return new MetricResult(m.Metric, m.Filter, MeanStderr.Mean(all), stderr, all.Count);
        }).ToList();
    }
}

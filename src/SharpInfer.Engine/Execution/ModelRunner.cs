using SharpInfer.Engine.Scheduling;
using SharpInfer.Models;

namespace SharpInfer.Engine.Execution;

/// <summary>
/// Turns a schedule into one forward batch (token ids, positions, block tables, logit rows), runs the
/// model, then lets each sequence's sampler pick its token from its own logits row.
/// </summary>
internal sealed class ModelRunner(ICausalLm model, PagedKvCache cache) : IModelRunner
{
    private readonly StepInputs _inputs = new();
    private readonly IForwardScratch _scratch = model.CreateScratch();
    private float[] _logits = [];
    private readonly float[] _logProbs = new float[model.Config.VocabSize];

    public int VocabSize => model.Config.VocabSize;

    public ModelRunnerOutput Execute(SchedulerOutput scheduled)
    {
        var vocab = VocabSize;
        _inputs.Build(scheduled, cache.BlockSize);
        var rows = _inputs.LogitRows.Count;
        if (_logits.Length < rows * vocab)
            _logits = new float[rows * vocab];
        model.Forward(_inputs.ToBatch(), cache, _scratch, _logits);

        var results = new SequenceStepResult[scheduled.Scheduled.Count];
        for (var b = 0; b < results.Length; b++)
            results[b] = Collect(scheduled.Scheduled[b], _inputs.RowsOf(b), vocab);
        return new ModelRunnerOutput(results);
    }

    private SequenceStepResult Collect(ScheduledSequence step, SequenceRows rows, int vocab)
    {
        var sequence = step.Sequence;
        List<float>? promptLogprobs = null;
        for (var r = 0; r < rows.PromptRowCount; r++)
        {
            var row = rows.FirstPromptRow + r;
            LogprobMath.LogSoftmax(_logits.AsSpan(row * vocab, vocab), _logProbs);
            (promptLogprobs ??= []).Add(_logProbs[sequence.TokenIds[rows.FirstPromptPosition + r + 1]]);
        }
        if (rows.SampleRow < 0)
            return new SequenceStepResult(-1, null, promptLogprobs);

        var logits = _logits.AsSpan(rows.SampleRow * vocab, vocab);
        var token = sequence.Sampler!.Sample(logits, sequence.PromptSpan, sequence.OutputSpan, sequence.StopIds);
        TokenLogprob? logprob = null;
        if (sequence.Sampling.Logprobs is { } top)
        {
            LogprobMath.LogSoftmax(logits, _logProbs);
            logprob = new TokenLogprob(token, _logProbs[token], LogprobMath.TopK(_logProbs, top));
        }
        return new SequenceStepResult(token, logprob, promptLogprobs);
    }
}

using SharpInfer.Engine.Scheduling;
using SharpInfer.Models;

namespace SharpInfer.Engine.Execution;

/// <summary>The flat arrays of one forward batch, reused from step to step.</summary>
internal sealed class StepInputs
{
    private readonly List<int> _tokenIds = [];
    private readonly List<int> _positions = [];
    private readonly List<int> _sequenceIndex = [];
    private readonly List<int> _blockTables = [];
    private readonly List<SequenceRows> _rows = [];
    private int _stride;

    public List<int> LogitRows { get; } = [];

    public void Build(SchedulerOutput scheduled, int blockSize)
    {
        _tokenIds.Clear();
        _positions.Clear();
        _sequenceIndex.Clear();
        _blockTables.Clear();
        _rows.Clear();
        LogitRows.Clear();
        _stride = scheduled.Scheduled.Count == 0 ? 0 : scheduled.Scheduled.Max(s => s.Sequence.Blocks.Count);

        for (var b = 0; b < scheduled.Scheduled.Count; b++)
        {
            var (sequence, start, count) = scheduled.Scheduled[b];
            var firstToken = _tokenIds.Count;
            for (var p = start; p < start + count; p++)
            {
                _tokenIds.Add(sequence.TokenIds[p]);
                _positions.Add(p);
                _sequenceIndex.Add(b);
            }
            foreach (var block in sequence.Blocks)
                _blockTables.Add(block.Id);
            for (var pad = sequence.Blocks.Count; pad < _stride; pad++)
                _blockTables.Add(0);

            // Prompt position p scores prompt[p + 1]; only positions not scored before (preemption recomputes).
            var firstPromptPosition = 0;
            var promptRows = 0;
            if (sequence.PromptLogprobs is { } scored)
            {
                firstPromptPosition = Math.Max(start, scored.Count - 1);
                promptRows = Math.Max(0, Math.Min(start + count, sequence.NumPromptTokens - 1) - firstPromptPosition);
            }
            var firstPromptRow = LogitRows.Count;
            for (var r = 0; r < promptRows; r++)
                LogitRows.Add(firstToken + firstPromptPosition - start + r);
            var sampleRow = -1;
            if (start + count == sequence.NumTokens)
            {
                sampleRow = LogitRows.Count;
                LogitRows.Add(firstToken + count - 1);
            }
            _rows.Add(new SequenceRows(firstPromptRow, promptRows, firstPromptPosition, sampleRow));
        }
    }

    public SequenceRows RowsOf(int scheduledIndex) => _rows[scheduledIndex];

    public ForwardBatch ToBatch() => new(
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_tokenIds),
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_positions),
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sequenceIndex),
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_blockTables),
        _stride,
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(LogitRows));
}

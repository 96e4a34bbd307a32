using SharpInfer.Engine.Execution;
using SharpInfer.Engine.Scheduling;

namespace SharpInfer.Engine.Tests;

/// <summary>
/// A model runner without weights that checks the KV bookkeeping: it records which (token, position)
/// each cache row holds, fails if two sequences write one row in a step, and fails if a sequence would
/// attend to a row that does not hold its own token at that position (a stale or wrongly shared block).
/// Its "model" picks the next token from the sequence's content alone, so outputs never depend on batching.
/// </summary>
internal sealed class FakeModelRunner(int vocabSize, int numBlocks, int blockSize) : IModelRunner
{
    private readonly (int Token, int Position)?[] _rows = new (int, int)?[numBlocks * blockSize];

    public int VocabSize => vocabSize;
    public int Steps { get; private set; }
    public List<int> BatchedTokensPerStep { get; } = [];

    public static int NextToken(IReadOnlyList<int> tokens, int vocabSize) =>
        (int)(((long)tokens[^1] * 31 + tokens.Count * 17 + (tokens.Count > 1 ? tokens[^2] : 0)) % vocabSize);

    public ModelRunnerOutput Execute(SchedulerOutput scheduled)
    {
        Steps++;
        BatchedTokensPerStep.Add(scheduled.NumBatchedTokens);
        var written = new HashSet<int>();
        foreach (var (sequence, start, count) in scheduled.Scheduled)
        {
            for (var p = start; p < start + count; p++)
            {
                var row = Row(sequence, p);
                if (!written.Add(row))
                    throw new InvalidOperationException($"step {Steps}: row {row} written twice ({sequence}, position {p})");
                _rows[row] = (sequence.TokenIds[p], p);
            }
        }
        var results = new List<SequenceStepResult>();
        foreach (var step in scheduled.Scheduled)
        {
            var sequence = step.Sequence;
            for (var p = 0; p < step.Start + step.NumNewTokens; p++)
            {
                if (_rows[Row(sequence, p)] != (sequence.TokenIds[p], p))
                    throw new InvalidOperationException($"step {Steps}: {sequence} position {p} reads {_rows[Row(sequence, p)]}, not its own token {sequence.TokenIds[p]}");
            }
            var token = step.SamplesToken ? NextToken(sequence.TokenIds, vocabSize) : -1;
            results.Add(new SequenceStepResult(token, null, null));
        }
        return new ModelRunnerOutput(results);
    }

    private int Row(Sequence sequence, int position)
    {
        if (position / blockSize >= sequence.Blocks.Count)
            throw new InvalidOperationException($"step {Steps}: {sequence} has no block for position {position}");
        var block = sequence.Blocks[position / blockSize];
        if (block.RefCount <= 0)
            throw new InvalidOperationException($"step {Steps}: {sequence} uses free {block}");
        return block.Id * blockSize + position % blockSize;
    }
}

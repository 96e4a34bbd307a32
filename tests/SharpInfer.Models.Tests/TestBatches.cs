namespace SharpInfer.Models.Tests;

/// <summary>The prompt and batch shapes the model tests share.</summary>
internal static class TestBatches
{
    public static readonly int[] Prompt = [785, 3974, 13876, 38835, 34208, 916, 279];
    public static readonly int[] Positions = [0, 1, 2, 3, 4, 5, 6];

    /// <summary>One sequence in row 0 of the block tables.</summary>
    public static ForwardBatch Single(ReadOnlySpan<int> ids, ReadOnlySpan<int> positions, int[] blockTable, ReadOnlySpan<int> logitRows) =>
        new(ids, positions, new int[ids.Length], blockTable, blockTable.Length, logitRows);
}

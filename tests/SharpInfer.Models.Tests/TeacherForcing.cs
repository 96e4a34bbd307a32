using SharpInfer.Core;
namespace SharpInfer.Models.Tests;

/// <summary>Runs a whole token sequence through a model in one forward pass and reads its predictions.</summary>
internal static class TeacherForcing
{
    /// <summary>Log-softmax rows for the next token after each position from <paramref name="firstRow"/> on.</summary>
    public static float[][] Logits(ICausalLm model, int[] tokens, int firstRow)
    {
        const int blockSize = 16;
        var blocks = (tokens.Length + blockSize - 1) / blockSize;
        var rows = Enumerable.Range(firstRow, tokens.Length - firstRow).ToArray();
        var vocab = model.Config.VocabSize;
        var logits = new float[rows.Length * vocab];
        model.Forward(
            new ForwardBatch(tokens, Enumerable.Range(0, tokens.Length).ToArray(), new int[tokens.Length], Enumerable.Range(0, blocks).ToArray(), blocks, rows),
            model.CreateKvCache(blocks, blockSize, DType.F32), model.CreateScratch(), logits);
        return [.. logits.Chunk(vocab)];
    }

    public static int ArgMax(float[] row) => Array.IndexOf(row, row.Max());
}

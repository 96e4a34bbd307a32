using SharpInfer.Core;
namespace SharpInfer.Models.Evaluation;

/// <summary>
/// Perplexity of a token sequence: the text is cut into non-overlapping windows of at most the model's
/// context, each window runs from an empty cache (in chunks, so at most ~64 MB of logits are held at
/// once), and every token but a window's first is scored by log p(token | earlier tokens of its window).
/// </summary>
public static class Perplexity
{
    private const int BlockSize = 16;
    private const int LogitFloatsPerChunk = 16 << 20;

    public static PerplexityResult Compute(ICausalLm model, ReadOnlySpan<int> tokens, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        var vocab = model.Config.VocabSize;
        var blocks = (window + BlockSize - 1) / BlockSize;
        var blockTable = Enumerable.Range(0, blocks).ToArray();
        var cache = model.CreateKvCache(blocks, BlockSize, DType.F32);
        var scratch = model.CreateScratch();
        var chunkTokens = Math.Clamp(LogitFloatsPerChunk / vocab, 1, window);
        var logits = new float[chunkTokens * vocab];
        double negativeLogLikelihood = 0;
        var scored = 0;
        for (var start = 0; start + 1 < tokens.Length; start += window)
        {
            var windowTokens = tokens.Slice(start, Math.Min(window, tokens.Length - start));
            for (var chunk = 0; chunk < windowTokens.Length; chunk += chunkTokens)
            {
                var count = Math.Min(chunkTokens, windowTokens.Length - chunk);
                var positions = Enumerable.Range(chunk, count).ToArray();
                var rows = Enumerable.Range(0, count).ToArray();
                model.Forward(new ForwardBatch(windowTokens.Slice(chunk, count), positions, new int[count], blockTable, blocks, rows), cache, scratch, logits);
                for (var i = 0; i < count; i++)
                {
                    var next = chunk + i + 1;
                    if (next >= windowTokens.Length)
                        break;
                    negativeLogLikelihood -= LogSoftmaxAt(logits.AsSpan(i * vocab, vocab), windowTokens[next]);
                    scored++;
                }
            }
        }
        return new PerplexityResult(negativeLogLikelihood, scored);
    }

    private static double LogSoftmaxAt(ReadOnlySpan<float> row, int index)
    {
        var max = System.Numerics.Tensors.TensorPrimitives.Max(row);
        double sum = 0;
        foreach (var v in row)
            sum += Math.Exp(v - max);
        return row[index] - max - Math.Log(sum);
    }
}

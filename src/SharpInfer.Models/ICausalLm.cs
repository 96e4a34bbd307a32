using SharpInfer.Core;

namespace SharpInfer.Models;

/// <summary>
/// A causal language model's forward pass over a paged KV cache: what the engine, bench and server need,
/// whatever the architecture (<see cref="LlamaModel"/>, <see cref="Deepseek.DeepseekModel"/>).
/// </summary>
public interface ICausalLm
{
    ModelConfig Config { get; }

    /// <summary>Bytes of KV cache one block of <paramref name="blockSize"/> tokens takes with elements of <paramref name="dtype"/>.</summary>
    long KvBytesPerBlock(int blockSize, DType dtype);

    /// <summary>A cache of float32, F16 or BF16 elements (<see cref="DType.F32"/>, <see cref="DType.F16"/>, <see cref="DType.BF16"/>).</summary>
    PagedKvCache CreateKvCache(int numBlocks, int blockSize, DType dtype);

    /// <summary>The cache element type <c>--kv-cache-dtype auto</c> picks for this model.</summary>
    DType DefaultKvCacheDType { get; }

    /// <summary>Weight bytes one decode step streams from memory (bandwidth ÷ this is the decode roofline).</summary>
    long WeightBytesPerToken { get; }

    /// <summary>Activation buffers for <see cref="Forward"/>: one per caller, so the weights can be shared by several engines.</summary>
    IForwardScratch CreateScratch();

    /// <summary>
    /// Runs the batch's tokens through the model, writing their cache rows into their sequences' blocks,
    /// and writes [batch.LogitRows.Length, vocab] logits.
    /// </summary>
    /// <param name="scratch">Made by this model's <see cref="CreateScratch"/>.</param>
    void Forward(ForwardBatch batch, PagedKvCache cache, IForwardScratch scratch, Span<float> logits);
}

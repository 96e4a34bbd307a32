namespace SharpInfer.Models.Quantization;

/// <summary>Quantization applied while loading (<c>--quantization</c>); checkpoints that are already W8A8 load as such either way.</summary>
public enum WeightQuantization
{
    None,

    /// <summary>Every linear layer (lm_head included, embeddings excluded) to int8 per channel, activations int8 per token.</summary>
    W8A8,
}

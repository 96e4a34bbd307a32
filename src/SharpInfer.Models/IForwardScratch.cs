namespace SharpInfer.Models;

/// <summary>A model's activation buffers, opaque to callers: made by <see cref="ICausalLm.CreateScratch"/>, passed back to its Forward.</summary>
public interface IForwardScratch;

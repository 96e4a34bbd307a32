namespace SharpInfer.Kernels;

/// <summary>How an attention call is likely to find its sequence's cache rows.</summary>
public enum CacheReads
{
    /// <summary>In cache: a prefill token reads the rows its predecessor just read. No hints.</summary>
    Warm,

    /// <summary>
    /// Evicted since they were last read: a decode token's rows, pushed out by the weights streamed in between.
    /// Each block's rows are prefetched ahead of use.
    /// </summary>
    Cold,
}

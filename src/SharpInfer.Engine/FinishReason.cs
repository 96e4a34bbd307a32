namespace SharpInfer.Engine;

/// <summary>Why a sequence ended (OpenAI's finish_reason).</summary>
public enum FinishReason
{
    /// <summary>An eos or stop token id was generated.</summary>
    Stop,

    /// <summary>max_tokens was reached, or the maximum model length.</summary>
    Length,

    /// <summary>The request was aborted (client gone, or <c>Abort</c> called).</summary>
    Abort,
}

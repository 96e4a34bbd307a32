namespace SharpInfer.Cli.Tests.Eval;

/// <summary>tiny-qwen2 (random BF16 weights, the real Qwen2.5 tokenizer and chat template), for --chat.</summary>
public sealed class QwenServer : InProcessServer
{
    public override string ModelName => "tiny-qwen2";
}

namespace SharpInfer.Server.Tests;

/// <summary>A server for the tiny Qwen2 model (BF16, Qwen2.5 tokenizer and chat template).</summary>
public sealed class QwenServerFixture : ServerFixture
{
    protected override string ModelFolder => "tiny-qwen2";
}

using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

public sealed unsafe class DummyTensorSourceTests
{
    private static byte[] Bytes(TensorView view) => new ReadOnlySpan<byte>((void*)view.Data, checked((int)view.ByteLength)).ToArray();

    private static float[] AsFloats(TensorView view) => view.DType switch
    {
        DType.F32 => new ReadOnlySpan<float>((void*)view.Data, (int)view.ElementCount).ToArray(),
        DType.F16 => new ReadOnlySpan<Half>((void*)view.Data, (int)view.ElementCount).ToArray().Select(h => (float)h).ToArray(),
        _ => new ReadOnlySpan<ushort>((void*)view.Data, (int)view.ElementCount).ToArray()
            .Select(b => BitConverter.UInt32BitsToSingle((uint)b << 16)).ToArray(),
    };

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    [InlineData(DType.BF16)]
    public void SameSeedAndNameGiveSameBytesRegardlessOfRequestOrder(DType dtype)
    {
        using var first = new DummyTensorSource(dtype, seed: 7);
        using var second = new DummyTensorSource(dtype, seed: 7);

        var a1 = Bytes(first.Get("model.layers.0.self_attn.q_proj.weight", [64, 48]));
        var b1 = Bytes(first.Get("model.layers.1.mlp.up_proj.weight", [3_000_000]));
        var b2 = Bytes(second.Get("model.layers.1.mlp.up_proj.weight", [3_000_000]));
        var a2 = Bytes(second.Get("model.layers.0.self_attn.q_proj.weight", [64, 48]));

        Assert.Equal(a1, a2);
        Assert.Equal(b1, b2);
        Assert.NotEqual(a1, b1.AsSpan(0, a1.Length).ToArray());
    }

    [Fact]
    public void DifferentSeedGivesDifferentValues()
    {
        using var zero = new DummyTensorSource(DType.F32);
        using var one = new DummyTensorSource(DType.F32, seed: 1);

        var x = AsFloats(zero.Get("w", [1000]));
        var y = AsFloats(one.Get("w", [1000]));

        Assert.True(x.Zip(y).Count(p => p.First != p.Second) > 990);
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    [InlineData(DType.BF16)]
    public void ValuesAreUniformWithinOneThousandth(DType dtype)
    {
        using var source = new DummyTensorSource(dtype, seed: 3);
        var values = AsFloats(source.Get("model.embed_tokens.weight", [1000, 1000]));

        Assert.All(values, v => Assert.InRange((double)v, -1e-3, 1e-3));
        Assert.True(values.Min() < -0.99e-3);
        Assert.True(values.Max() > 0.99e-3);
        Assert.InRange(values.Average(), -1e-5, 1e-5);
        // A uniform distribution puts about a quarter of the samples in each quarter of the range.
        Assert.InRange(values.Count(v => v > 0.5e-3), 240_000, 260_000);
        Assert.InRange(values.Count(v => Math.Abs(v) < 0.5e-3), 490_000, 510_000);
    }

    [Fact]
    public void ViewHasRequestedShapeAlignedNativeMemoryAndIsCached()
    {
        using var source = new DummyTensorSource(DType.BF16, seed: 0);

        var view = source.Get("lm_head.weight", [10, 7]);
        Assert.Equal([10L, 7L], view.Shape);
        Assert.Equal(70, view.ElementCount);
        Assert.Equal(140, view.ByteLength);
        Assert.Equal(DType.BF16, view.DType);
        Assert.Equal("lm_head.weight", view.Name);
        Assert.Equal(0, view.Data % 64);
        Assert.Equal(view.Data, source.Get("lm_head.weight", [10, 7]).Data);
        Assert.True(source.Contains("anything.at.all"));
        Assert.Equal("dummy weights (BF16, seed 0)", source.Description);
    }

    [Fact]
    public void ReleasedTensorIsRegeneratedWithTheSameValues()
    {
        using var source = new DummyTensorSource(DType.BF16, seed: 3);
        var before = Bytes(source.Get("w", [40, 8]));
        source.Release("w");
        source.Release("never requested");
        var after = Bytes(source.Get("w", [8, 40]));
        Assert.Equal(before, after);
    }

    [Fact]
    public void RequestingAKnownTensorWithAnotherShapeIsAnError()
    {
        using var source = new DummyTensorSource(DType.F16, seed: 2);
        source.Get("w", [4, 4]);

        var e = Assert.Throws<UserErrorException>(() => source.Get("w", [16]));
        Assert.Equal("tensor 'w' in dummy weights (F16, seed 2) has shape [4, 4], expected [16]", e.Message);
    }

    [Fact]
    public void EmptyAndScalarTensorsAreAllowed()
    {
        using var source = new DummyTensorSource(DType.F32);
        Assert.Equal(0, source.Get("empty", [0, 5]).ByteLength);
        var scalar = source.Get("scalar", []);
        Assert.Equal(1, scalar.ElementCount);
        Assert.InRange(AsFloats(scalar)[0], -1e-3f, 1e-3f);
    }

    [Theory]
    [InlineData(DType.I32)]
    [InlineData(DType.F8E4M3)]
    public void UnsupportedDtypeIsAUserError(DType dtype)
    {
        var e = Assert.Throws<UserErrorException>(() => new DummyTensorSource(dtype));
        Assert.Contains(dtype.ToString(), e.Message);
    }

    [Fact]
    public void GetAfterDisposeThrows()
    {
        var source = new DummyTensorSource(DType.F32);
        source.Get("w", [2]);
        source.Dispose();
        Assert.Throws<ObjectDisposedException>(() => source.Get("w", [2]));
    }
}

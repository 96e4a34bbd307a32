using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Benchmarks;

/// <summary>
/// Decode as memory sees it: one token through the linear layers of Qwen2.5-0.5B's 24 layers (qkv 1152×896, o 896×896,
/// gate_up 9728×896, down 896×4864), far more weights than the caches hold. <see cref="LinearBenchmarks"/> and
/// <see cref="Int8LinearBenchmarks"/> time one matrix that stays cached; this times streaming. Bytes read per op:
/// BF16 716 MB, W8A8 358 MB, so GB/s = that / mean time. W8A8 decode gains on BF16 only as far as its GB/s keeps up.
/// </summary>
[MemoryDiagnoser]
public unsafe class DecodeStreamBenchmarks
{
    private static readonly (int Rows, int Cols)[] LayerShapes = [(1152, 896), (896, 896), (9728, 896), (896, 4864)];
    private const int Layers = 24;

    private readonly List<WeightMatrix> _matrices = [];
    private readonly List<nint> _bf16 = [];
    private readonly float[] _x = Enumerable.Range(0, 4864).Select(i => (float)Math.Sin(i)).ToArray();
    private readonly float[] _y = new float[9728];

    [Params("BF16", "W8A8")]
    public string Format { get; set; } = "BF16";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var layer = 0; layer < Layers; layer++)
            foreach (var (rows, cols) in LayerShapes)
            {
                var floats = new float[rows * cols];
                for (var i = 0; i < floats.Length; i++)
                    floats[i] = (float)(random.NextDouble() - 0.5);
                _matrices.Add(Format == "W8A8" ? Int8LinearBenchmarks.Quantized(floats, rows, cols) : Bf16(floats, rows, cols));
            }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var data in _bf16)
            NativeMemory.AlignedFree((void*)data);
    }

    [Benchmark]
    public void OneTokenThroughAllLayers()
    {
        foreach (var m in _matrices)
            Linear.Forward(_x.AsSpan(0, m.Cols), 1, m, [], _y.AsSpan(0, m.Rows));
    }

    private WeightMatrix Bf16(float[] floats, int rows, int cols)
    {
        var data = (ushort*)NativeMemory.AlignedAlloc((nuint)floats.Length * 2, 64);
        for (var i = 0; i < floats.Length; i++)
            data[i] = (ushort)(BitConverter.SingleToUInt32Bits(floats[i]) >> 16);
        _bf16.Add((nint)data);
        return new WeightMatrix((nint)data, DType.BF16, rows, cols);
    }
}

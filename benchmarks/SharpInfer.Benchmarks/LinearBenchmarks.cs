using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using SharpInfer.Core;
using SharpInfer.Kernels;

namespace SharpInfer.Benchmarks;

/// <summary>
/// Matrix-vector (decode, Tokens = 1) and matrix-matrix (prefill) throughput at Qwen2.5-0.5B's MLP shape
/// (4864 × 896). Bytes read per op = the packed matrix (rows × cols × 2 for BF16, × 4 for F32), so GB/s =
/// that / mean time; GFLOP/s = 2 × rows × cols × Tokens / mean time.
/// </summary>
[MemoryDiagnoser]
public unsafe class LinearBenchmarks
{
    private const int Rows = 4864, Cols = 896;
    private nint _weights;
    private WeightMatrix _matrix = null!;
    private float[] _x = [];
    private float[] _y = [];

    [Params(DType.BF16, DType.F32)]
    public DType WeightType { get; set; }

    [Params(1, 32)]
    public int Tokens { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var bytes = (nuint)((long)Rows * Cols * WeightType.SizeInBytes());
        _weights = (nint)NativeMemory.AlignedAlloc(bytes, 64);
        new Span<byte>((void*)_weights, (int)bytes).Fill(0x3C);
        _matrix = new WeightMatrix(_weights, WeightType, Rows, Cols);
        _x = Enumerable.Range(0, Tokens * Cols).Select(i => (float)Math.Sin(i)).ToArray();
        _y = new float[Tokens * Rows];
    }

    [GlobalCleanup]
    public void Cleanup() => NativeMemory.AlignedFree((void*)_weights);

    [Benchmark]
    public void Forward() => Linear.Forward(_x, Tokens, _matrix, [], _y);
}

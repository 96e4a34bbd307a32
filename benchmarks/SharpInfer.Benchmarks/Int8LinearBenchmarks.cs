using BenchmarkDotNet.Attributes;
using SharpInfer.Core;
using SharpInfer.Kernels;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Benchmarks;

/// <summary>
/// W8A8 matrix-vector (Tokens = 1) and matrix-matrix (Tokens = 32) throughput at Qwen2.5-0.5B's MLP shape
/// (4864 × 896), activations quantized per token inside the op. Bytes read per op = rows × cols (int8), so
/// GB/s = that / mean time; GOP/s = 2 × rows × cols × Tokens / mean time. Compare with <see cref="LinearBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public unsafe class Int8LinearBenchmarks
{
    private const int Rows = 4864, Cols = 896;
    private WeightMatrix _matrix = null!;
    private float[] _x = [];
    private float[] _y = [];

    [Params(1, 32)]
    public int Tokens { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = Quantized(Enumerable.Range(0, Rows * Cols).Select(i => (float)Math.Cos(i * 0.37)).ToArray(), Rows, Cols);
        _x = Enumerable.Range(0, Tokens * Cols).Select(i => (float)Math.Sin(i)).ToArray();
        _y = new float[Tokens * Rows];
    }

    /// <summary>Row-major float32 weights as a dynamic W8A8 matrix.</summary>
    internal static WeightMatrix Quantized(float[] floats, int rows, int cols)
    {
        fixed (float* source = floats)
            return new WeightMatrix([Int8Matrix.Quantize(new WeightMatrix((nint)source, DType.F32, rows, cols), Int8Activation.Dynamic)]);
    }

    [Benchmark]
    public void Forward() => Linear.Forward(_x, Tokens, _matrix, [], _y);
}

using BenchmarkDotNet.Attributes;
using SharpInfer.Kernels;

namespace SharpInfer.Benchmarks;

/// <summary>
/// Decode attention of one GQA group (Qwen2.5-0.5B: 7 query heads per KV head, head_dim 64) over a paged
/// cache of Length positions in blocks of 16. Cache bytes read per op = 2 × Length × 64 × element size.
/// </summary>
[MemoryDiagnoser]
public class AttentionBenchmarks
{
    private const int HeadDim = 64, Group = 7, BlockSize = 16;
    private float[] _queries = [];
    private float[] _keys = [];
    private float[] _values = [];
    private ushort[] _bf16Keys = [];
    private ushort[] _bf16Values = [];
    private Half[] _f16Keys = [];
    private Half[] _f16Values = [];
    private int[] _blockTable = [];
    private float[] _output = [];

    [Params(128, 1024)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        float Next() => (float)(random.NextDouble() - 0.5);
        _queries = Enumerable.Range(0, Group * HeadDim).Select(_ => Next()).ToArray();
        _keys = Enumerable.Range(0, Length * HeadDim).Select(_ => Next()).ToArray();
        _values = Enumerable.Range(0, Length * HeadDim).Select(_ => Next()).ToArray();
        _bf16Keys = _keys.Select(NumberConversions.F32ToBf16).ToArray();
        _bf16Values = _values.Select(NumberConversions.F32ToBf16).ToArray();
        _f16Keys = new Half[_keys.Length];
        _f16Values = new Half[_values.Length];
        HalfRows.FromF32(_keys, _f16Keys);
        HalfRows.FromF32(_values, _f16Values);
        _blockTable = Enumerable.Range(0, Length / BlockSize).Reverse().ToArray();
        _output = new float[Group * HeadDim];
    }

    [Benchmark(Baseline = true)]
    public void F32Cache() =>
        Attention.AttendPaged<float>(_queries, Group, _keys, _values, _blockTable, BlockSize, Length, HeadDim, 0, 0.125f, _output);

    [Benchmark]
    public void F16Cache() =>
        Attention.AttendPaged<Half>(_queries, Group, _f16Keys, _f16Values, _blockTable, BlockSize, Length, HeadDim, 0, 0.125f, _output);

    [Benchmark]
    public void Bf16Cache() =>
        Attention.AttendPaged<ushort>(_queries, Group, _bf16Keys, _bf16Values, _blockTable, BlockSize, Length, HeadDim, 0, 0.125f, _output);
}

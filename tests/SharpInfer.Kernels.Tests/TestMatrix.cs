using System.Runtime.InteropServices;
using SharpInfer.Core;

namespace SharpInfer.Kernels.Tests;

/// <summary>A weight matrix in native memory with seeded random values, for kernel parity tests.</summary>
internal sealed unsafe class TestMatrix : IDisposable
{
    private readonly DType _dtype;
    private readonly int _cols;

    public TestMatrix(DType dtype, int rows, int cols, int seed)
    {
        _dtype = dtype;
        _cols = cols;
        var random = new Random(seed);
        var count = rows * cols;
        Data = (nint)NativeMemory.AlignedAlloc((nuint)(count * dtype.SizeInBytes()), 64);
        for (var i = 0; i < count; i++)
        {
            var value = (float)(random.NextDouble() * 2 - 1);
            switch (dtype)
            {
                case DType.F32: ((float*)Data)[i] = value; break;
                case DType.F16: ((Half*)Data)[i] = (Half)value; break;
                default: ((ushort*)Data)[i] = NumberConversions.F32ToBf16(value); break;
            }
        }
        Matrix = new WeightMatrix(Data, dtype, rows, cols);
    }

    public nint Data { get; }

    /// <summary>The matrix packed at construction (later writes to <see cref="Data"/> need <see cref="Repacked"/>).</summary>
    public WeightMatrix Matrix { get; private set; }

    /// <summary>Packs the current contents of <see cref="Data"/> again.</summary>
    public TestMatrix Repacked()
    {
        Matrix = new WeightMatrix(Data, _dtype, Matrix.Rows, Matrix.Cols);
        return this;
    }

    /// <summary>Element (row, col) of the row-major source, as float32.</summary>
    public float Element(int row, int col)
    {
        var i = row * _cols + col;
        return _dtype switch
        {
            DType.F32 => ((float*)Data)[i],
            DType.F16 => (float)((Half*)Data)[i],
            _ => NumberConversions.Bf16ToF32(((ushort*)Data)[i]),
        };
    }

    public static float[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    public void Dispose() => NativeMemory.AlignedFree((void*)Data);
}

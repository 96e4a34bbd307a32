using System.Runtime.InteropServices;
using SharpInfer.Core;

namespace SharpInfer.Kernels.Tests;

/// <summary>A weight matrix in native memory with seeded random values, for kernel parity tests.</summary>
internal sealed unsafe class TestMatrix : IDisposable
{
    public TestMatrix(DType dtype, int rows, int cols, int seed)
    {
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
    public WeightMatrix Matrix { get; }

    public static float[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    public void Dispose() => NativeMemory.AlignedFree((void*)Data);
}

using SharpInfer.Core;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels;

/// <summary>
/// A row-major [Rows, Cols] weight matrix in F32, F16 or BF16, laid out as Hugging Face's
/// <c>nn.Linear.weight</c> ([out_features, in_features]). Points at memory owned elsewhere (a memory-mapped
/// checkpoint or native dummy weights) that must outlive it.
/// </summary>
public readonly unsafe struct WeightMatrix
{
    public WeightMatrix(nint data, DType dtype, int rows, int cols)
    {
        if (dtype is not (DType.F32 or DType.F16 or DType.BF16))
            throw new UserErrorException($"weights of dtype {dtype.SafetensorsName()} are not supported for matrix multiplication; use F32, F16 or BF16 checkpoints");
        Data = data;
        DType = dtype;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>A W8A8 matrix (DType I8, no <see cref="Data"/>); <see cref="Linear.Forward"/> runs it with int8 kernels.</summary>
    public WeightMatrix(Int8Matrix int8)
    {
        Int8 = int8;
        DType = DType.I8;
        Rows = int8.Rows;
        Cols = int8.Cols;
    }

    public Int8Matrix? Int8 { get; }
    public nint Data { get; }
    public DType DType { get; }
    public int Rows { get; }
    public int Cols { get; }

    /// <summary>Converts row <paramref name="row"/> to float32.</summary>
    public void ReadRow(int row, Span<float> destination)
    {
        if (Int8 is not null)
        {
            Int8.ReadRow(row, destination);
            return;
        }
        var rowStart = (byte*)Data + (long)row * Cols * DType.SizeInBytes();
        switch (DType)
        {
            case DType.F32:
                new ReadOnlySpan<float>(rowStart, Cols).CopyTo(destination);
                break;
            case DType.F16:
                NumberConversions.F16ToF32(new ReadOnlySpan<Half>(rowStart, Cols), destination);
                break;
            default:
                NumberConversions.Bf16ToF32(new ReadOnlySpan<ushort>(rowStart, Cols), destination);
                break;
        }
    }
}

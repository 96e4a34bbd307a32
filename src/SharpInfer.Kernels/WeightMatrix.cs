using SharpInfer.Core;
using SharpInfer.Kernels.Int8;

namespace SharpInfer.Kernels;

/// <summary>
/// A [Rows, Cols] weight matrix (Hugging Face's <c>nn.Linear.weight</c>, [out_features, in_features]) repacked
/// at load into panels of <see cref="PanelRows"/> rows stored column-major, so a matrix multiply reads one
/// contiguous 64- or 128-byte slice per input column and keeps 32 output rows in registers (see
/// <see cref="PanelKernels"/>). BF16 stays BF16 (two rows share each 32-bit lane: row j in the low half, row
/// j + 16 in the high half, so widening is one shift or one mask); F32 and F16 become F32. A W8A8 matrix
/// instead holds its int8 parts (<see cref="Int8Parts"/>), which <see cref="Linear.Forward"/> runs with int8 kernels.
/// </summary>
public sealed unsafe class WeightMatrix
{
    public const int PanelRows = 32;
    private const int Alignment = 64;

    // Pinned, so Data stays valid; kept alive by this field for as long as the matrix is.
    private readonly Array _storage;

    /// <summary>Packs the row-major matrix at <paramref name="rowMajor"/> (which may be freed afterwards).</summary>
    public WeightMatrix(nint rowMajor, DType dtype, int rows, int cols)
        : this([rowMajor], [rows], dtype, cols)
    {
    }

    /// <summary>
    /// Packs row-major matrices of the same width stacked on top of each other (q, k and v projections as
    /// one), so one kernel call computes all their outputs, each row exactly as it would alone.
    /// </summary>
    public WeightMatrix(nint[] parts, int[] partRows, DType dtype, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(parts.Length, partRows.Length);
        var rows = partRows.Sum();
        if (dtype is not (DType.F32 or DType.F16 or DType.BF16))
            throw new UserErrorException($"weights of dtype {dtype.SafetensorsName()} are not supported for matrix multiplication; use F32, F16 or BF16 checkpoints");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        Rows = rows;
        Cols = cols;
        IsBf16 = dtype == DType.BF16;
        NumPanels = (rows + PanelRows - 1) / PanelRows;
        PanelStride = (long)cols * (IsBf16 ? PanelRows / 2 : PanelRows);
        var elements = checked(NumPanels * PanelStride) + Alignment / 4;
        if (elements > Array.MaxLength)
            throw new UserErrorException($"a {rows}×{cols} weight matrix is too large to pack into one array");
        _storage = IsBf16 ? GC.AllocateUninitializedArray<uint>((int)elements, pinned: true) : GC.AllocateUninitializedArray<float>((int)elements, pinned: true);
        fixed (byte* start = &System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_storage))
            Data = ((nint)start + Alignment - 1) & ~(nint)(Alignment - 1);
        var source = new RowMajorSource(parts, partRows, dtype, cols);
        var data = Data;
        var stride = PanelStride;
        var isBf16 = IsBf16;
        ParallelRows.For(NumPanels, 1, (start, end) =>
        {
            for (var p = start; p < end; p++)
                if (isBf16)
                    source.PackBf16Panel(p, (uint*)data + p * stride);
                else
                    source.PackF32Panel(p, (float*)data + p * stride);
        });
    }

    /// <summary>W8A8 matrices stacked by rows (q, k and v each keep their own activation scale).</summary>
    public WeightMatrix(Int8Matrix[] parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Length);
        if (parts.Any(p => p.Cols != parts[0].Cols))
            throw new ArgumentException("stacked W8A8 matrices must have the same number of columns", nameof(parts));
        Int8Parts = parts;
        Rows = parts.Sum(p => p.Rows);
        Cols = parts[0].Cols;
        _storage = Array.Empty<uint>();
    }

    /// <summary>The W8A8 parts, or null for a floating-point matrix.</summary>
    public IReadOnlyList<Int8Matrix>? Int8Parts { get; }

    public bool IsBf16 { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int NumPanels { get; }

    /// <summary>4-byte elements per panel: Cols·16 (BF16 pairs) or Cols·32 (F32).</summary>
    public long PanelStride { get; }

    /// <summary>64-byte aligned start of panel 0.</summary>
    public nint Data { get; }

    /// <summary>Bytes one pass over the matrix reads (what decode streams from memory).</summary>
    public long BytesRead => Int8Parts?.Sum(p => (long)p.Rows * p.Stride) ?? NumPanels * PanelStride * 4;

    /// <summary>Unpacks row <paramref name="row"/> as float32 (embedding lookups, tests).</summary>
    public void ReadRow(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        if (Int8Parts is not null)
        {
            foreach (var part in Int8Parts)
            {
                if (row < part.Rows)
                {
                    part.ReadRow(row, destination);
                    return;
                }
                row -= part.Rows;
            }
        }
        var panel = row / PanelRows;
        var lane = row % PanelRows;
        destination = destination[..Cols];
        if (IsBf16)
        {
            var p = (uint*)Data + panel * PanelStride + lane % 16;
            var shift = lane < 16 ? 16 : 0;
            var mask = lane < 16 ? 0xFFFFFFFFu : 0xFFFF0000u;
            for (var k = 0; k < Cols; k++)
                destination[k] = BitConverter.UInt32BitsToSingle((p[k * 16] << shift) & mask);
        }
        else
        {
            var p = (float*)Data + panel * PanelStride + lane;
            for (var k = 0; k < Cols; k++)
                destination[k] = p[k * PanelRows];
        }
    }

    /// <summary>The stacked source rows; rows past the last part read as zeros (panel padding).</summary>
    private readonly struct RowMajorSource(nint[] parts, int[] partRows, DType dtype, int cols)
    {
        public void PackBf16Panel(int panel, uint* destination)
        {
            for (var j = 0; j < 16; j++)
            {
                var lowRow = (ushort*)Row(panel * PanelRows + j);
                var highRow = (ushort*)Row(panel * PanelRows + j + 16);
                for (var k = 0; k < cols; k++)
                    destination[k * 16 + j] = (lowRow == null ? 0u : lowRow[k]) | (highRow == null ? 0u : (uint)highRow[k] << 16);
            }
        }

        public void PackF32Panel(int panel, float* destination)
        {
            for (var lane = 0; lane < PanelRows; lane++)
            {
                var row = (byte*)Row(panel * PanelRows + lane);
                for (var k = 0; k < cols; k++)
                    destination[k * PanelRows + lane] = row == null ? 0f
                        : dtype == DType.F32 ? ((float*)row)[k]
                        : (float)((Half*)row)[k];
            }
        }

        private void* Row(int row)
        {
            for (var p = 0; p < parts.Length; p++)
            {
                if (row < partRows[p])
                    return (byte*)parts[p] + (long)row * cols * dtype.SizeInBytes();
                row -= partRows[p];
            }
            return null;
        }
    }
}

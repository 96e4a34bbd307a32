using System.Numerics.Tensors;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// A W8A8 weight matrix [Rows, Cols]: int8 weights per output channel, rows zero-padded to
/// <see cref="Stride"/> for the SIMD dot products and stored in groups of four (<see cref="Int8Layout"/>), and
/// per row what turns the integer dot product of the shifted activations (q + 128) into the output:
/// y[t, r] = tokenScale[t] · OutputScales[r] · (dot(q[t] + 128, w[r]) − Offsets[r]) + bias[r],
/// where Offsets[r] = 128·Σw[r] − quantBias[r] undoes the shift (and adds msmodelslim's quant_bias) and
/// tokenScale is the per-token scale for dynamic activations, 1 for static ones (whose scale is folded
/// into OutputScales). Kernels that sum over q itself subtract <see cref="SignedOffsets"/> (= −quantBias[r])
/// instead: the same integer, so the same bits.
/// </summary>
public sealed unsafe class Int8Matrix
{
    private Int8Matrix(int rows, int cols, Int8Activation activation)
    {
        Rows = rows;
        Cols = cols;
        Stride = (cols + Int8Dot.Alignment - 1) / Int8Dot.Alignment * Int8Dot.Alignment;
        Activation = activation;
        // Pinned, so the kernels can hold a raw pointer (WeightsPointer) for the matrix's lifetime.
        Weights = GC.AllocateArray<sbyte>(checked((int)Int8Layout.Bytes(rows, Stride)), pinned: true);
        WeightsPointer = (sbyte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(Weights));
        WeightScales = new float[rows];
        OutputScales = new float[rows];
        Offsets = new int[rows];
        SignedOffsets = new int[rows];
    }

    public int Rows { get; }
    public int Cols { get; }
    public int Stride { get; }
    public Int8Activation Activation { get; }

    /// <summary>Set while calibrating static activation scales; null otherwise.</summary>
    public ActivationObserver? Observer { get; set; }

    /// <summary>The rows in <see cref="Int8Layout"/> order.</summary>
    internal sbyte[] Weights { get; }
    internal sbyte* WeightsPointer { get; }

    /// <summary>Dequantization: weight[r, k] ≈ Weights[r, k] · WeightScales[r].</summary>
    internal float[] WeightScales { get; }

    internal float[] OutputScales { get; }
    internal int[] Offsets { get; }
    internal int[] SignedOffsets { get; }

    /// <summary>
    /// From int8 weights [rows, cols] (row-major, as checkpoints store them) with one scale per row.
    /// <paramref name="outputScales"/> defaults to the weight scales times the static activation scale;
    /// msmodelslim passes its deq_scale and quant_bias.
    /// </summary>
    public static Int8Matrix FromInt8(
        sbyte* weights, int rows, int cols, ReadOnlySpan<float> weightScales, Int8Activation activation,
        ReadOnlySpan<float> outputScales = default, ReadOnlySpan<int> quantBias = default)
    {
        var m = new Int8Matrix(rows, cols, activation);
        for (var r = 0; r < rows; r++)
        {
            var source = new ReadOnlySpan<sbyte>(weights + (long)r * cols, cols);
            Int8Layout.WriteRow(m.Weights, r, m.Stride, source);
            m.Finish(r, source, weightScales[r], outputScales.IsEmpty ? null : outputScales[r], quantBias.IsEmpty ? 0 : quantBias[r]);
        }
        return m;
    }

    /// <summary>Symmetric per-channel quantization of float weights: scale = absmax/127, q = round(w/scale).</summary>
    public static Int8Matrix Quantize(in WeightMatrix w, Int8Activation activation)
    {
        var m = new Int8Matrix(w.Rows, w.Cols, activation);
        var row = new float[w.Cols];
        var target = new sbyte[w.Cols];
        for (var r = 0; r < w.Rows; r++)
        {
            w.ReadRow(r, row);
            var scale = QuantizeRow(row, target);
            Int8Layout.WriteRow(m.Weights, r, m.Stride, target);
            m.Finish(r, target, scale, null, 0);
        }
        return m;
    }

    /// <summary>Writes round(row/scale) into <paramref name="destination"/> and returns scale = absmax/127.</summary>
    public static float QuantizeRow(ReadOnlySpan<float> row, Span<sbyte> destination)
    {
        var absMax = row.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(row));
        var scale = absMax / 127f;
        var inverse = absMax == 0 ? 0f : 127f / absMax;
        for (var k = 0; k < row.Length; k++)
            destination[k] = (sbyte)Math.Clamp((int)MathF.Round(row[k] * inverse), -127, 127);
        return scale;
    }

    /// <summary>Row <paramref name="row"/> dequantized to float32.</summary>
    public void ReadRow(int row, Span<float> destination)
    {
        var start = Int8Layout.RowStart(row, Stride);
        for (var k = 0; k < Cols; k++)
            destination[k] = Weights[start + Int8Layout.ColumnOffset(k)] * WeightScales[row];
    }

    /// <summary>The int8 values of row <paramref name="row"/> (its first <c>destination.Length</c> ≤ Stride bytes).</summary>
    internal void CopyRow(int row, Span<sbyte> destination) => Int8Layout.ReadRow(Weights, row, Stride, destination);

    private void Finish(int r, ReadOnlySpan<sbyte> row, float weightScale, float? outputScale, int quantBias)
    {
        var sum = 0;
        foreach (var v in row)
            sum += v;
        WeightScales[r] = weightScale;
        OutputScales[r] = outputScale ?? (Activation.IsDynamic ? weightScale : weightScale * Activation.Scale);
        Offsets[r] = 128 * sum - quantBias;
        SignedOffsets[r] = -quantBias;
    }
}

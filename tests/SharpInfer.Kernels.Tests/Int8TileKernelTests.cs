using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SharpInfer.Kernels.Int8;
using static SharpInfer.Kernels.Int8.Int8TileKernels;
using static SharpInfer.Kernels.TileCount;

namespace SharpInfer.Kernels.Tests;

public sealed unsafe class Int8TileKernelTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (var stride in new[] { 64, 128, 4928 })
            for (var rows = 1; rows <= 4; rows++)
                for (var tokens = 1; tokens <= 4; tokens++)
                    data.Add(stride, rows, tokens);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryTileShapeGivesTheScalarSumsExactly(int stride, int rows, int tokens)
    {
        var random = new Random(stride * 31 + rows * 7 + tokens);
        var x = new byte[4 * stride];
        var w = new sbyte[4 * stride];
        random.NextBytes(x);
        for (var k = 0; k < w.Length; k++)
            w[k] = (sbyte)random.Next(-128, 128);
        // A tile may start at any row of its group whose rest it fits in (Int8Linear splits rows anywhere).
        for (var firstRow = 0; firstRow + rows <= Int8Layout.GroupRows; firstRow++)
        {
            AssertMatchesReference(x, w, stride, firstRow, rows, tokens, within127: false);

            // Dynamic activations (q within ±127, stored q + 128 in 1..255) may take the signed-pairs path.
            var dynamic = x.Select(v => Math.Max(v, (byte)1)).ToArray();
            AssertMatchesReference(dynamic, w, stride, firstRow, rows, tokens, within127: true);
        }
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(128, 5)]
    [InlineData(4928, 3)]
    public void DecodeSumsGiveTheScalarSumsOfEveryGroup(int stride, int groups)
    {
        if (!Int8TileKernels.HasDecodeSums)
            return; // no AVX-VNNI: decode runs in tiles, which EveryTileShapeGivesTheScalarSumsExactly covers
        var random = new Random(stride + groups);
        var x = new byte[stride];
        var rowMajor = new sbyte[4 * groups * stride];
        random.NextBytes(x);
        for (var k = 0; k < rowMajor.Length; k++)
            rowMajor[k] = (sbyte)random.Next(-128, 128);
        var w = Grouped(rowMajor, 4 * groups, stride);
        var sums = new int[4 * groups];
        fixed (byte* xp = x)
        fixed (sbyte* wp = w, rp = rowMajor)
        fixed (int* sp = sums)
        {
            Int8TileKernels.DecodeSums(wp, groups, xp, stride, sp);
            for (var r = 0; r < 4 * groups; r++)
                Assert.Equal(Int8Dot.Scalar(xp, rp + r * stride, stride), sums[r]);
        }
    }

    [Fact]
    public void GroupedRowsReadBackAsWritten()
    {
        const int rows = 7, cols = 100, stride = 128;
        var rowMajor = new sbyte[rows * stride];
        var random = new Random(3);
        for (var r = 0; r < rows; r++)
            for (var k = 0; k < cols; k++)
                rowMajor[r * stride + k] = (sbyte)random.Next(-128, 128);
        var grouped = Grouped(rowMajor, rows, stride);
        Assert.Equal(8 * stride, grouped.Length);

        // Row 5 (second row of the second group), byte 40 (second chunk): group start + 1 · 128 + 1 · 32 + 8.
        Assert.Equal(rowMajor[5 * stride + 40], grouped[4 * stride + 128 + 32 + 8]);
        for (var r = 0; r < rows; r++)
        {
            var back = new sbyte[cols];
            Int8Layout.ReadRow(grouped, r, stride, back);
            Assert.Equal(rowMajor.AsSpan(r * stride, cols).ToArray(), back);
        }
        // The padding row of the last group stays zero.
        for (var k = 0; k < stride; k++)
            Assert.Equal(0, grouped[Int8Layout.RowStart(7, stride) + Int8Layout.ColumnOffset(k)]);
    }

    [Fact]
    public void ExtremesDoNotSaturate()
    {
        // 255 · -128 in every lane: vpmaddubsw would saturate int16 here; the exact sum is what we want.
        const int stride = 256;
        var x = Enumerable.Repeat((byte)255, 4 * stride).ToArray();
        var w = Enumerable.Repeat((sbyte)-128, 4 * stride).ToArray();
        var sums = new int[16];
        fixed (byte* xp = x)
        fixed (sbyte* wp = w)
        fixed (int* sp = sums)
        {
            Assert.Equal(255 * -128 * stride, Int8Dot.Scalar(xp, wp, stride));
            Int8TileKernels.Sums(false, 2, 4, wp, xp, stride, sp);
            Assert.All(new[] { 0, 1, 4, 5, 8, 9, 12, 13 }, i => Assert.Equal(255 * -128 * stride, sums[i]));

            // q = 127 against w = −128 everywhere: |w| = 128 as an unsigned byte, pairs at 2·128·127, still exact.
            Int8TileKernels.Sums(true, 2, 4, wp, xp, stride, sp);
            var expected = Int8TileKernels.SumsSignedValues(true) ? 127 * -128 * stride : 255 * -128 * stride;
            Assert.All(new[] { 0, 1, 4, 5, 8, 9, 12, 13 }, i => Assert.Equal(expected, sums[i]));
        }
    }

    [Fact]
    public void EachInstructionSetPathAgreesWithTheScalarTile()
    {
        const int stride = 320;
        var random = new Random(5);
        var x = new byte[4 * stride];
        var rowMajor = new sbyte[4 * stride];
        random.NextBytes(x);
        for (var k = 0; k < rowMajor.Length; k++)
            rowMajor[k] = (sbyte)random.Next(-128, 128);
        var w = Grouped(rowMajor, 4, stride);
        var expected = new int[16];
        var actual = new int[16];
        fixed (byte* xp = x)
        fixed (sbyte* wp = w)
        fixed (int* ep = expected, ap = actual)
        {
            Scalar(2, 4, wp, xp, stride, ep);
            if (Avx2.IsSupported)
            {
                Tile<WideningPath, Vector256<short>, Vector256<short>, Two, Four>(wp, xp, stride, ap);
                Assert.Equal(expected, actual);
            }
            if (AvxVnni.IsSupported)
            {
                Array.Clear(actual);
                Tile<VnniPath, Vector256<byte>, Vector256<sbyte>, Two, Four>(wp, xp, stride, ap);
                Assert.Equal(expected, actual);
            }
            if (Avx2.IsSupported)
            {
                for (var k = 0; k < x.Length; k++)
                    x[k] = Math.Max(x[k], (byte)1);
                Scalar(2, 4, wp, xp, stride, ep);
                Array.Clear(actual);
                Tile<SignedPairsPath, Vector256<sbyte>, Vector256<sbyte>, Two, Four>(wp, xp, stride, ap);
                for (var t = 0; t < 4; t++)
                    for (var r = 0; r < 2; r++)
                        Assert.Equal(expected[t * 4 + r] - 128 * RowSum(rowMajor, r * stride, stride), actual[t * 4 + r]);
            }
        }
    }

    /// <summary>Rows of <paramref name="rowMajor"/> (each <paramref name="stride"/> bytes) in <see cref="Int8Layout"/> order.</summary>
    private static sbyte[] Grouped(sbyte[] rowMajor, int rows, int stride)
    {
        var grouped = new sbyte[Int8Layout.Bytes(rows, stride)];
        for (var r = 0; r < rows; r++)
            Int8Layout.WriteRow(grouped, r, stride, rowMajor.AsSpan(r * stride, stride));
        return grouped;
    }

    /// <summary>A tile of rows [firstRow, firstRow + rows) of the four rows in <paramref name="rowMajor"/>.</summary>
    private static void AssertMatchesReference(byte[] x, sbyte[] rowMajor, int stride, int firstRow, int rows, int tokens, bool within127)
    {
        var sums = new int[16];
        var signed = Int8TileKernels.SumsSignedValues(within127);
        var grouped = Grouped(rowMajor, 4, stride);
        fixed (byte* xp = x)
        fixed (sbyte* wp = rowMajor, gp = grouped)
        fixed (int* sp = sums)
        {
            Int8TileKernels.Sums(within127, rows, tokens, gp + Int8Layout.RowStart(firstRow, stride), xp, stride, sp);
            for (var t = 0; t < tokens; t++)
                for (var r = 0; r < rows; r++)
                {
                    var row = (firstRow + r) * stride;
                    var shifted = Int8Dot.Scalar(xp + t * stride, wp + row, stride);
                    Assert.Equal(signed ? shifted - 128 * RowSum(rowMajor, row, stride) : shifted, sums[t * 4 + r]);
                }
        }
    }

    private static int RowSum(sbyte[] w, int start, int length) => w.AsSpan(start, length).ToArray().Sum(v => v);
}

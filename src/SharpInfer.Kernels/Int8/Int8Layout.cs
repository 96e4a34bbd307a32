namespace SharpInfer.Kernels.Int8;

/// <summary>
/// How <see cref="Int8Matrix"/> stores its rows: in groups of four, each group one contiguous run where the rows
/// take turns by 32-byte chunks (row 0 bytes 0–31, row 1 bytes 0–31, …, row 3 bytes 0–31, row 0 bytes 32–63, …).
/// A four-row decode tile then reads one sequential stream instead of four short ones: with rows of ~1 KB the
/// hardware prefetcher does not follow four short streams, and row-major int8 decode streamed far below long rows
/// (AVX2, 2 threads, 9728×896: ~15 GB/s row-major, ~20 grouped; dummy Qwen2.5-0.5B W8A8 decode 39–45 → 46–54 tok/s).
/// </summary>
internal static class Int8Layout
{
    public const int GroupRows = 4;
    public const int ChunkBytes = 32;

    /// <summary>Bytes from a row's start (its group start + its chunk lane) to its byte k.</summary>
    public static long ColumnOffset(int k) => 4L * k - 3 * (k & (ChunkBytes - 1));

    /// <summary>Where row <paramref name="row"/> starts: its group's start plus its 32-byte lane.</summary>
    public static long RowStart(int row, int stride) => (long)(row / GroupRows) * GroupRows * stride + row % GroupRows * ChunkBytes;

    /// <summary>Bytes for <paramref name="rows"/> rows: whole groups, the last one zero-padded.</summary>
    public static long Bytes(int rows, int stride) => (long)(rows + GroupRows - 1) / GroupRows * GroupRows * stride;

    /// <summary>How many rows from <paramref name="row"/> on stay in its group (a tile may not cross groups).</summary>
    public static int RowsLeftInGroup(int row) => GroupRows - row % GroupRows;

    public static void WriteRow(Span<sbyte> weights, int row, int stride, ReadOnlySpan<sbyte> values)
    {
        var start = RowStart(row, stride);
        for (var k = 0; k < values.Length; k += ChunkBytes)
        {
            var chunk = values.Slice(k, Math.Min(ChunkBytes, values.Length - k));
            chunk.CopyTo(weights.Slice(checked((int)(start + ColumnOffset(k))), chunk.Length));
        }
    }

    public static void ReadRow(ReadOnlySpan<sbyte> weights, int row, int stride, Span<sbyte> values)
    {
        var start = RowStart(row, stride);
        for (var k = 0; k < values.Length; k += ChunkBytes)
        {
            var length = Math.Min(ChunkBytes, values.Length - k);
            weights.Slice(checked((int)(start + ColumnOffset(k))), length).CopyTo(values.Slice(k, length));
        }
    }
}

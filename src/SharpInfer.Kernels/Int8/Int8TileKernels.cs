using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static SharpInfer.Kernels.TileCount;

namespace SharpInfer.Kernels.Int8;

/// <summary>
/// Integer dot products of a tile of weight rows against a tile of token rows, each load shared by the whole
/// tile: up to four rows × four tokens of exact int32 sums. Integer addition is associative, so neither the tile
/// shape nor the lane order changes a bit: every sum equals <see cref="Int8Dot.Scalar"/>. Activations arrive as
/// unsigned bytes q + 128. Paths: AVX-VNNI (<c>vpdpbusd</c>, u8×s8 → int32); on AVX2 without VNNI, when q is
/// known to lie within ±127 (dynamic per-token scales), <c>vpmaddubsw(|w|, sign(q, w))</c>, whose int16 pairs
/// stay below 2·128·127 and cannot saturate, giving sums over q itself; else widening to int16 and
/// <c>vpmaddwd</c>; else scalar. .NET 10 exposes 512-bit VNNI only through AVX10.2, so AVX512_VNNI CPUs take
/// the 256-bit form.
/// Rows and tokens share one stride, a multiple of <see cref="Int8Dot.Alignment"/> (64: one cache line); weights
/// are in <see cref="Int8Layout"/> order (tile rows one 32-byte lane apart within a group of four), tokens row-major.
/// </summary>
internal static unsafe class Int8TileKernels
{
    /// <summary>
    /// Whether <see cref="Sums(bool, int, int, sbyte*, byte*, int, int*)"/> with these activations sums
    /// w·q (the signed values) rather than w·(q + 128): on AVX2 without VNNI, for activations within ±127.
    /// </summary>
    public static bool SumsSignedValues(bool activationsWithin127) => activationsWithin127 && !AvxVnni.IsSupported && Avx2.IsSupported;

    /// <summary>
    /// Whether four-row tiles of several tokens fit the vector registers: 4 × 4 accumulators plus the loaded
    /// rows need more than AVX2's 16; CPUs with AVX-512 have 32 (for 256-bit vectors too).
    /// </summary>
    public static bool FourRowsBySeveralTokensFit => Vector512.IsHardwareAccelerated;

    /// <summary>Whether <see cref="DecodeSums"/> runs here (it needs AVX-VNNI).</summary>
    public static bool HasDecodeSums => AvxVnni.IsSupported;

    /// <summary>
    /// Decode on AVX-VNNI: one token against <paramref name="groupCount"/> whole groups of four rows from
    /// <paramref name="w"/> (a group start), sums[4·g + r] = Σ x[k]·w[row r of group g][k] over q + 128, the same
    /// integers as the tiles give. Groups lie back to back, so this is one sequential stream. It is leaner than the
    /// four-row tile, which decode measured: two accumulators per row (half the dependency chains' length), two
    /// activation loads per 256 weight bytes, one call per sixteen groups instead of a dispatch per group, and no
    /// software prefetch; the hardware prefetcher follows a single sequential stream better without one (any
    /// prefetch distance from 1 to 8 KB, into L1, L2 or non-temporal, measured slower). Streaming the 24 layers'
    /// int8 matrices of Qwen2.5-0.5B (358 MB, 2 threads, 2-core Zen 5), this beat the tile in each of 13 interleaved
    /// runs, by 1–23% (median 10%; run medians 35.9–51.9 GB/s against 33.2–45.9, BF16 of the same shapes 53–63).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DecodeSums(sbyte* w, int groupCount, byte* x, int stride, int* sums)
    {
        var groupBytes = (long)Int8Layout.GroupRows * stride;
        for (var g = 0; g < groupCount; g++)
        {
            // 64 activation bytes meet 256 bytes of the group: two 32-byte chunks of each of its four rows. The stride
            // is a multiple of 64 (Int8Dot.Alignment), so there is no tail.
            var wk = w + g * groupBytes;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            for (var k = 0; k < stride; k += 64, wk += 256)
            {
                var x0 = Vector256.Load(x + k);
                var x1 = Vector256.Load(x + k + 32);
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, x0, Vector256.Load(wk));
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, x0, Vector256.Load(wk + 32));
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, x0, Vector256.Load(wk + 64));
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, x0, Vector256.Load(wk + 96));
                b0 = AvxVnni.MultiplyWideningAndAdd(b0, x1, Vector256.Load(wk + 128));
                b1 = AvxVnni.MultiplyWideningAndAdd(b1, x1, Vector256.Load(wk + 160));
                b2 = AvxVnni.MultiplyWideningAndAdd(b2, x1, Vector256.Load(wk + 192));
                b3 = AvxVnni.MultiplyWideningAndAdd(b3, x1, Vector256.Load(wk + 224));
            }
            StoreFourRows(sums + 4 * g, a0 + b0, a1 + b1, a2 + b2, a3 + b3);
        }
    }

    /// <summary>Any tile of 1–4 rows (within one group of <see cref="Int8Layout"/>) × 1–4 tokens.</summary>
    public static void Sums(bool activationsWithin127, int rows, int tokens, sbyte* w, byte* x, int stride, int* sums)
    {
        if (SumsSignedValues(activationsWithin127))
            Tile<Signed>(rows, tokens, w, x, stride, sums);
        else
            Tile<Shifted>(rows, tokens, w, x, stride, sums);
    }

    private interface ISumKind
    {
        static abstract bool OverSignedValues { get; }
    }

    private readonly struct Signed : ISumKind { public static bool OverSignedValues => true; }

    private readonly struct Shifted : ISumKind { public static bool OverSignedValues => false; }

    private static void Tile<TKind>(int rows, int tokens, sbyte* w, byte* x, int stride, int* sums)
        where TKind : struct, ISumKind
    {
        switch (rows)
        {
            case 4: Tile<Four, TKind>(tokens, w, x, stride, sums); break;
            case 3: Tile<Three, TKind>(tokens, w, x, stride, sums); break;
            case 2: Tile<Two, TKind>(tokens, w, x, stride, sums); break;
            case 1: Tile<One, TKind>(tokens, w, x, stride, sums); break;
            default: throw new ArgumentOutOfRangeException(nameof(rows), $"no {rows}-row int8 tile");
        }
    }

    private static void Tile<TRows, TKind>(int tokens, sbyte* w, byte* x, int stride, int* sums)
        where TRows : struct, TileCount.ICount
        where TKind : struct, ISumKind
    {
        switch (tokens)
        {
            case 4: Sums<TRows, Four, TKind>(w, x, stride, sums); break;
            case 3: Sums<TRows, Three, TKind>(w, x, stride, sums); break;
            case 2: Sums<TRows, Two, TKind>(w, x, stride, sums); break;
            case 1: Sums<TRows, One, TKind>(w, x, stride, sums); break;
            default: throw new ArgumentOutOfRangeException(nameof(tokens), $"no {TRows.Value}×{tokens} int8 tile");
        }
    }

    private static void Sums<TRows, TTokens, TKind>(sbyte* w, byte* x, int stride, int* sums)
        where TRows : struct, TileCount.ICount
        where TTokens : struct, TileCount.ICount
        where TKind : struct, ISumKind
    {
        if (AvxVnni.IsSupported)
            Tile<VnniPath, Vector256<byte>, Vector256<sbyte>, TRows, TTokens>(w, x, stride, sums);
        else if (TKind.OverSignedValues)
            Tile<SignedPairsPath, Vector256<sbyte>, Vector256<sbyte>, TRows, TTokens>(w, x, stride, sums);
        else if (Avx2.IsSupported)
            Tile<WideningPath, Vector256<short>, Vector256<short>, TRows, TTokens>(w, x, stride, sums);
        else
            Scalar(TRows.Value, TTokens.Value, w, x, stride, sums);
    }

    internal static void Scalar(int rows, int tokens, sbyte* w, byte* x, int stride, int* sums)
    {
        for (var t = 0; t < tokens; t++)
            for (var r = 0; r < rows; r++)
            {
                var sum = 0;
                for (var k = 0; k < stride; k++)
                    sum += x[(nint)t * stride + k] * w[r * Int8Layout.ChunkBytes + Int8Layout.ColumnOffset(k)];
                sums[t * 4 + r] = sum;
            }
    }

    /// <summary>
    /// sums[t · 4 + r] = Σ x[t][k] · w[r][k] for the tile's rows r and tokens t (over q + 128, or over q for
    /// <see cref="SignedPairsPath"/>), <paramref name="w"/> pointing at the tile's first row (<see cref="Int8Layout.RowStart"/>).
    /// The weight stream is prefetched <see cref="PrefetchDistance"/> bytes ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Tile<TPath, TX, TW, TRows, TTokens>(sbyte* w, byte* x, int stride, int* sums)
        where TPath : struct, IInt8TilePath<TX, TW>
        where TX : struct
        where TW : struct
        where TRows : struct, TileCount.ICount
        where TTokens : struct, TileCount.ICount
    {
        int rows = TRows.Value, tokens = TTokens.Value;
        Vector256<int> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<int> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        for (var k = 0; k < stride; k += TPath.Step)
        {
            var wk = w + Int8Layout.ColumnOffset(k);
            if ((k & (Int8Layout.ChunkBytes - 1)) == 0)
            {
                // One step of a group spans 128 bytes: two cache lines.
                CacheHint.PrefetchToL2(wk + PrefetchDistance);
                CacheHint.PrefetchToL2(wk + PrefetchDistance + 64);
            }
            var x0 = TPath.LoadActivations(x + k);
            var x1 = tokens > 1 ? TPath.LoadActivations(x + stride + k) : default;
            var x2 = tokens > 2 ? TPath.LoadActivations(x + 2 * stride + k) : default;
            var x3 = tokens > 3 ? TPath.LoadActivations(x + 3 * stride + k) : default;
            var wr = TPath.LoadWeights(wk);
            a00 = TPath.Accumulate(a00, x0, wr);
            if (tokens > 1) a01 = TPath.Accumulate(a01, x1, wr);
            if (tokens > 2) a02 = TPath.Accumulate(a02, x2, wr);
            if (tokens > 3) a03 = TPath.Accumulate(a03, x3, wr);
            if (rows > 1)
            {
                wr = TPath.LoadWeights(wk + Int8Layout.ChunkBytes);
                a10 = TPath.Accumulate(a10, x0, wr);
                if (tokens > 1) a11 = TPath.Accumulate(a11, x1, wr);
                if (tokens > 2) a12 = TPath.Accumulate(a12, x2, wr);
                if (tokens > 3) a13 = TPath.Accumulate(a13, x3, wr);
            }
            if (rows > 2)
            {
                wr = TPath.LoadWeights(wk + 2 * Int8Layout.ChunkBytes);
                a20 = TPath.Accumulate(a20, x0, wr);
                if (tokens > 1) a21 = TPath.Accumulate(a21, x1, wr);
                if (tokens > 2) a22 = TPath.Accumulate(a22, x2, wr);
                if (tokens > 3) a23 = TPath.Accumulate(a23, x3, wr);
            }
            if (rows > 3)
            {
                wr = TPath.LoadWeights(wk + 3 * Int8Layout.ChunkBytes);
                a30 = TPath.Accumulate(a30, x0, wr);
                if (tokens > 1) a31 = TPath.Accumulate(a31, x1, wr);
                if (tokens > 2) a32 = TPath.Accumulate(a32, x2, wr);
                if (tokens > 3) a33 = TPath.Accumulate(a33, x3, wr);
            }
        }
        Store(sums, rows, tokens, a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
    }

    /// <summary>
    /// How far ahead of the reads the weight stream is prefetched (into L2, see <see cref="CacheHint.PrefetchToL2"/>). A
    /// 2-thread Xeon (AVX2) streamed ~20% slower without prefetch and did not care between 512 and 2048 bytes; a 2-core
    /// Zen 5 streams the W8A8 lm_head of Qwen2.5-0.5B 10–15% slower at 1 KB than without prefetch, and fastest at 6–9 KB
    /// (about a memory latency of reads ahead). L2 hints at 6 KB against L1 ones there, W8A8 decode steps in paired runs:
    /// SmolLM2-135M −8%, Qwen2.5-0.5B −4%, prefill unchanged; L2 hints at 4, 9 or 12 KB were 7–9% slower than at 6.
    /// </summary>
    private const int PrefetchDistance = 6144;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFourRows(int* sums, Vector256<int> r0, Vector256<int> r1, Vector256<int> r2, Vector256<int> r3)
    {
        var all = Avx2.HorizontalAdd(Avx2.HorizontalAdd(r0, r1), Avx2.HorizontalAdd(r2, r3));
        (all.GetLower() + all.GetUpper()).Store(sums);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(int* sums, int rows, int tokens,
        Vector256<int> a00, Vector256<int> a01, Vector256<int> a02, Vector256<int> a03,
        Vector256<int> a10, Vector256<int> a11, Vector256<int> a12, Vector256<int> a13,
        Vector256<int> a20, Vector256<int> a21, Vector256<int> a22, Vector256<int> a23,
        Vector256<int> a30, Vector256<int> a31, Vector256<int> a32, Vector256<int> a33)
    {
        if (rows == 4 && Avx2.IsSupported)
        {
            // Four rows of one token reduce together: three horizontal adds and one cross-lane add, not four trees.
            StoreFourRows(sums, a00, a10, a20, a30);
            if (tokens > 1) StoreFourRows(sums + 4, a01, a11, a21, a31);
            if (tokens > 2) StoreFourRows(sums + 8, a02, a12, a22, a32);
            if (tokens > 3) StoreFourRows(sums + 12, a03, a13, a23, a33);
            return;
        }
        sums[0] = Vector256.Sum(a00);
        if (tokens > 1) sums[4] = Vector256.Sum(a01);
        if (tokens > 2) sums[8] = Vector256.Sum(a02);
        if (tokens > 3) sums[12] = Vector256.Sum(a03);
        if (rows > 1)
        {
            sums[1] = Vector256.Sum(a10);
            if (tokens > 1) sums[5] = Vector256.Sum(a11);
            if (tokens > 2) sums[9] = Vector256.Sum(a12);
            if (tokens > 3) sums[13] = Vector256.Sum(a13);
        }
        if (rows > 2)
        {
            sums[2] = Vector256.Sum(a20);
            if (tokens > 1) sums[6] = Vector256.Sum(a21);
            if (tokens > 2) sums[10] = Vector256.Sum(a22);
            if (tokens > 3) sums[14] = Vector256.Sum(a23);
        }
        if (rows > 3)
        {
            sums[3] = Vector256.Sum(a30);
            if (tokens > 1) sums[7] = Vector256.Sum(a31);
            if (tokens > 2) sums[11] = Vector256.Sum(a32);
            if (tokens > 3) sums[15] = Vector256.Sum(a33);
        }
    }
}

using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels;

/// <summary>The instruction sets .NET exposes on this CPU, and which kernel path they select.</summary>
public static class CpuFeatures
{
    public static IReadOnlyList<(string Name, bool Supported)> Instructions =>
    [
        ("AVX-512F", Avx512F.IsSupported),
        ("AVX-512BW", Avx512BW.IsSupported),
        ("AVX-512VBMI", Avx512Vbmi.IsSupported),
        ("AVX2", Avx2.IsSupported),
        ("FMA", Fma.IsSupported),
        ("AVX-VNNI", AvxVnni.IsSupported),
        ("AVX10.1", Avx10v1.IsSupported),
        ("Arm AdvSIMD", System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported),
    ];

    /// <summary>The vector width the matrix and attention kernels run with (chosen once at start-up).</summary>
    public static string KernelPath => PanelDispatch.Width switch
    {
        PanelDispatch.LaneWidth.Avx512 => "AVX-512: 16-lane vectors, 12-token matrix tiles",
        PanelDispatch.LaneWidth.Avx2 => "AVX2: two 8-lane vectors per 16 lanes, half-panel tiles of up to 6 tokens",
        PanelDispatch.LaneWidth.Vector128 => "128-bit vectors (SSE or Arm AdvSIMD): four 4-lane vectors per 16 lanes, one token at a time",
        _ => "scalar reference (no vector hardware)",
    };
}

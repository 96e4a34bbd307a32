using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace SharpInfer.Kernels;

/// <summary>Software prefetch where the CPU has it (x86 SSE); elsewhere the hint is dropped.</summary>
internal static unsafe class CacheHint
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(void* address)
    {
        if (Sse.IsSupported)
            Sse.Prefetch0(address);
    }
}

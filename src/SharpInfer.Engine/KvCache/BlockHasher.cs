using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace SharpInfer.Engine.KvCache;

/// <summary>
/// Chained block hashes: block i's hash covers block i-1's hash and block i's token ids, so equal hashes
/// mean equal whole prefixes. 128-bit XxHash keeps accidental collisions out of reach.
/// </summary>
internal static class BlockHasher
{
    public static UInt128 Hash(UInt128 previous, ReadOnlySpan<int> tokens)
    {
        var hasher = new XxHash128();
        Span<UInt128> seed = [previous];
        hasher.Append(MemoryMarshal.AsBytes(seed));
        hasher.Append(MemoryMarshal.AsBytes(tokens));
        return hasher.GetCurrentHashAsUInt128();
    }
}

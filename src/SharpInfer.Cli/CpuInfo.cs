namespace SharpInfer.Cli;

/// <summary>The CPU's model name and the vector flags .NET cannot use, from /proc/cpuinfo (Linux; elsewhere unknown).</summary>
internal sealed record CpuInfo(string ModelName, IReadOnlyList<string> UnusedFlags)
{
    /// <summary>Flags that would speed the kernels up if .NET exposed them.</summary>
    private static readonly string[] NotExposed = ["avx512_bf16", "avx512_vnni", "avx512_fp16", "amx_bf16", "amx_int8"];

    public static CpuInfo Read()
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
            return new CpuInfo(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(), []);
        string? model = null;
        var flags = Array.Empty<string>();
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                continue;
            var key = line[..colon].Trim();
            if (key == "model name" && model is null)
                model = line[(colon + 1)..].Trim();
            else if (key == "flags" && flags.Length == 0)
                flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        return new CpuInfo(model ?? "unknown", NotExposed.Where(flags.Contains).ToArray());
    }
}

using System.Buffers.Binary;
using System.Text.Json.Nodes;
using SharpInfer.Checkpoints.Writing;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Conversion;

/// <summary>
/// FP8 e4m3fn → e4m3fnuz for Gaudi (and ROCm) as vLLM's <c>normalize_e4m3fn_to_e4m3fnuz</c> does: the
/// same bits mean half as much in fnuz, so the bits are kept and every scale of an FP8 tensor
/// (<c>weight_scale_inv</c>, <c>weight_scale</c>, <c>input_scale</c>) is doubled; -0 (0x80, NaN in fnuz)
/// becomes +0 and fn NaNs become the fnuz NaN (reported). safetensors has no fnuz dtype, so tensors keep
/// the F8_E4M3 tag and config.json's quantization_config.fmt says "e4m3fnuz".
/// </summary>
public static class Fp8GaudiConverter
{
    private static readonly string[] WeightScaleSuffixes = [Fp8ToBf16Converter.ScaleSuffix, "_scale"];

    public static string Convert(string input, string output, bool force, Action<string> progress)
    {
        using var shards = CheckpointShards.Open(input);
        if (!shards.Any(DType.F8E4M3))
            throw new UserErrorException($"{input} has no F8_E4M3 tensors; there is nothing to convert to e4m3fnuz");
        var scales = ScalesOfFp8Tensors(shards);
        OutputFolder.Prepare(input, output, force);
        int converted = 0, nans = 0;
        var (tensors, bytes) = ShardedConversion.Run(shards, output, name =>
        {
            var view = shards.View(name);
            if (view.DType == DType.F8E4M3)
            {
                converted++;
                return [ToFnuz(view, count => Interlocked.Add(ref nans, count))];
            }
            return [scales.Contains(name) ? Doubled(view) : TensorToWrite.CopyOf(view)];
        }, progress);
        OutputFolder.RewriteConfig(input, output, config =>
        {
            var quantization = config["quantization_config"] as JsonObject ?? new JsonObject { ["quant_method"] = "fp8" };
            quantization["fmt"] = "e4m3fnuz";
            config["quantization_config"] = quantization;
        });
        var copied = OutputFolder.CopySmallFiles(input, output);
        var nanNote = nans > 0 ? $"; {nans} NaN weight values became the fnuz NaN (0x80)" : "";
        return $"converted {converted} FP8 tensors to e4m3fnuz and doubled {scales.Count} scale tensors; wrote {tensors} tensors ({bytes / 1048576.0:F1} MiB){nanNote}; copied {string.Join(", ", copied.Prepend("config.json"))}";
    }

    /// <summary>Names of the scale tensors that belong to FP8 tensors.</summary>
    private static HashSet<string> ScalesOfFp8Tensors(CheckpointShards shards)
    {
        var scales = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, file) in shards.Shards)
        {
            foreach (var (name, entry) in file.Entries)
            {
                if (entry.DType != DType.F8E4M3)
                    continue;
                if (!WeightScaleSuffixes.Any(suffix => shards.Contains(name + suffix)))
                    throw new UserErrorException($"FP8 tensor '{name}' has no {string.Join(" or ", WeightScaleSuffixes.Select(s => name + s))}; without a scale to double its values would halve in e4m3fnuz");
                foreach (var suffix in WeightScaleSuffixes)
                    scales.Add(name + suffix);
                if (name.EndsWith(".weight", StringComparison.Ordinal))
                    scales.Add(name[..^".weight".Length] + ".input_scale");
            }
        }
        scales.RemoveWhere(s => !shards.Contains(s));
        return scales;
    }

    private static unsafe TensorToWrite ToFnuz(TensorView view, Action<int> reportNaNs) =>
        new(view.Name, DType.F8E4M3, view.Shape, stream =>
        {
            var buffer = new byte[1 << 20];
            var source = (byte*)view.Data;
            for (long offset = 0; offset < view.ByteLength; offset += buffer.Length)
            {
                var count = (int)Math.Min(buffer.Length, view.ByteLength - offset);
                var nans = 0;
                for (var i = 0; i < count; i++)
                {
                    var bits = source[offset + i];
                    nans += Float8.IsE4M3FnNaN(bits) ? 1 : 0;
                    buffer[i] = Float8.E4M3FnToFnuzBits(bits);
                }
                reportNaNs(nans);
                stream.Write(buffer, 0, count);
            }
        });

    private static TensorToWrite Doubled(TensorView view)
    {
        var values = TensorFloats.Read(view);
        var bytes = new byte[view.ByteLength];
        for (var i = 0; i < values.Length; i++)
        {
            var doubled = values[i] * 2;
            if (!float.IsFinite(doubled))
                throw new UserErrorException($"scale tensor '{view.Name}' holds {values[i]} at element {i}, which is not finite once doubled for e4m3fnuz; the checkpoint is corrupt");
            switch (view.DType)
            {
                case DType.F32:
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), doubled);
                    break;
                case DType.F16 when Half.IsFinite((Half)doubled):
                    BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), (Half)doubled);
                    break;
                case DType.F16:
                    throw new UserErrorException($"F16 scale tensor '{view.Name}' holds {values[i]} at element {i}, which overflows F16 once doubled for e4m3fnuz");
                default:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), TensorFloats.ToBf16(doubled));
                    break;
            }
        }
        return TensorToWrite.FromBytes(view.Name, view.DType, view.Shape, bytes);
    }
}

using System.Buffers.Binary;
using System.Text;
using SharpInfer.Checkpoints.Writing;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Tests;

/// <summary>A tensor to write: safetensors dtype string, shape, and its raw little-endian bytes.</summary>
internal sealed record TestTensor(string Name, string DType, long[] Shape, byte[] Data)
{
    public static TestTensor F32(string name, long[] shape, params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return new TestTensor(name, "F32", shape, bytes);
    }
}

/// <summary>Writes safetensors files for tests: well-formed ones through the production writer, broken ones raw.</summary>
internal static class TestSafetensors
{
    /// <summary>A well-formed file: tensors stored back to back in the given order.</summary>
    public static void Write(string path, params TestTensor[] tensors) =>
        SafetensorsWriter.Write(path, tensors.Select(t =>
        {
            if (!DTypeInfo.TryParseSafetensorsName(t.DType, out var dtype))
                throw new ArgumentException($"unknown dtype {t.DType}");
            return TensorToWrite.FromBytes(t.Name, dtype, t.Shape, t.Data);
        }).ToList(), new Dictionary<string, string> { ["format"] = "pt" });

    /// <summary>Header text as given (padded with spaces to 8 bytes as the reference writer does), then data.</summary>
    public static void WriteRaw(string path, string headerJson, byte[] data, ulong? headerLengthOverride = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var padded = (header.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLengthOverride ?? (ulong)padded);
        header.CopyTo(bytes, 8);
        bytes.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        data.CopyTo(bytes, 8 + padded);
        File.WriteAllBytes(path, bytes);
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Writing;

/// <summary>
/// Writes a safetensors file: 8-byte little-endian header length, the JSON header (padded with spaces to a
/// multiple of 8, as the reference writer does), then each tensor's bytes back to back in the given order.
/// The file appears under its name only once complete (<see cref="AtomicFile"/>).
/// </summary>
public static class SafetensorsWriter
{
    /// <returns>Bytes of tensor data written (the index's total_size counts these).</returns>
    public static long Write(string path, IReadOnlyList<TensorToWrite> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = HeaderBytes(tensors, metadata, out var dataBytes);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var tensor in tensors)
            {
                var before = stream.Position;
                tensor.WriteData(stream);
                var written = stream.Position - before;
                if (written != tensor.ByteLength)
                    throw new InvalidOperationException($"tensor '{tensor.Name}' wrote {written} bytes, its header entry says {tensor.ByteLength}");
            }
        });
        return dataBytes;
    }

    private static byte[] HeaderBytes(IReadOnlyList<TensorToWrite> tensors, IReadOnlyDictionary<string, string>? metadata, out long dataBytes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tensor in tensors)
            {
                if (!names.Add(tensor.Name))
                    throw new ArgumentException($"tensor '{tensor.Name}' is listed twice", nameof(tensors));
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.SafetensorsName());
                json.WriteStartArray("shape");
                foreach (var dim in tensor.Shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.ByteLength;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
            dataBytes = offset;
        }
        var raw = buffer.ToArray();
        var padded = new byte[(raw.Length + 7) / 8 * 8];
        raw.CopyTo(padded, 0);
        padded.AsSpan(raw.Length).Fill((byte)' ');
        return padded;
    }

    /// <summary>Writes <c>model.safetensors.index.json</c> (metadata.total_size and the sorted weight_map).</summary>
    public static void WriteIndex(string path, long totalSize, IReadOnlyDictionary<string, string> weightMap)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("metadata");
            json.WriteNumber("total_size", totalSize);
            json.WriteEndObject();
            json.WriteStartObject("weight_map");
            foreach (var (tensor, shard) in weightMap.OrderBy(p => p.Key, StringComparer.Ordinal))
                json.WriteString(tensor, shard);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        AtomicFile.WriteAllText(path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }
}

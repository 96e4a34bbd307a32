using System.Globalization;
using System.Text.Json;
using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// Parses and validates the JSON header of a safetensors file:
/// <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}</c>.
/// </summary>
internal static class SafetensorsHeaderParser
{
    private const string MetadataKey = "__metadata__";

    /// <param name="dataSize">Bytes after the header, which every tensor must fit inside.</param>
    public static Dictionary<string, SafetensorsEntry> Parse(byte[] headerJson, string filePath, long dataStart, long dataSize)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerJson);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw Malformed(filePath, $"header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Malformed(filePath, $"header must be a JSON object, got {document.RootElement.ValueKind}");

            var entries = new Dictionary<string, SafetensorsEntry>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                    continue;
                var entry = ParseEntry(property.Name, property.Value, filePath);
                CheckExtent(entry, filePath, dataStart, dataSize);
                entries[entry.Name] = entry;
            }
            return entries;
        }
    }

    private static SafetensorsEntry ParseEntry(string name, JsonElement value, string filePath)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Malformed(filePath, $"entry for tensor '{name}' must be an object with dtype, shape and data_offsets");

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Malformed(filePath, $"tensor '{name}' has no string field 'dtype'");
        var dtypeName = dtypeElement.GetString()!;
        if (!DTypeInfo.TryParseSafetensorsName(dtypeName, out var dtype))
            throw new UserErrorException($"unknown dtype '{dtypeName}' for tensor {name} in {filePath}");

        var shape = ReadNonNegativeArray(value, "shape", name, filePath, expectedLength: null);
        var offsets = ReadNonNegativeArray(value, "data_offsets", name, filePath, expectedLength: 2);
        if (offsets[0] > offsets[1])
            throw Malformed(filePath, $"tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] with begin after end");

        var entry = new SafetensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
        long expectedBytes;
        try
        {
            expectedBytes = checked(TensorShapes.ElementCount(shape) * dtype.SizeInBytes());
        }
        catch (OverflowException)
        {
            expectedBytes = -1;
        }
        if (expectedBytes != entry.ByteLength)
        {
            throw new UserErrorException(
                $"shape mismatch in {filePath}: tensor {name} has shape {TensorShapes.Format(shape)} of {dtypeName} " +
                $"({(expectedBytes < 0 ? "overflowing" : expectedBytes.ToString(CultureInfo.InvariantCulture))} bytes) but data_offsets " +
                $"[{entry.Begin}, {entry.End}] cover {entry.ByteLength} bytes");
        }
        return entry;
    }

    private static void CheckExtent(SafetensorsEntry entry, string filePath, long dataStart, long dataSize)
    {
        if (entry.End > dataSize)
        {
            throw new UserErrorException(
                $"truncated file: tensor {entry.Name} needs bytes up to {dataStart + entry.End} but {filePath} has only " +
                $"{dataStart + dataSize}; re-download the file");
        }
    }

    private static long[] ReadNonNegativeArray(JsonElement entry, string field, string name, string filePath, int? expectedLength)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Malformed(filePath, $"tensor '{name}' has no array field '{field}'");
        var length = array.GetArrayLength();
        if (expectedLength is { } expected && length != expected)
            throw Malformed(filePath, $"tensor '{name}' field '{field}' must have {expected} elements, has {length}");

        var values = new long[length];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw Malformed(filePath, $"tensor '{name}' field '{field}' must hold non-negative integers, got {item.GetRawText()}");
            values[i++] = v;
        }
        return values;
    }

    private static UserErrorException Malformed(string filePath, string detail) =>
        new($"malformed header in {filePath}: {detail}");
}

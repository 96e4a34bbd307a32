using System.Text.Json;

namespace SharpInfer.Checkpoints;

/// <summary>Reads <c>model.safetensors.index.json</c>: the <c>weight_map</c> from tensor name to shard file.</summary>
internal static class ShardIndexReader
{
    public static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        var fields = new JsonFields(indexPath);
        using var document = fields.ParseObjectDocument(File.ReadAllText(indexPath));
        var weightMap = fields.Required(document.RootElement, "weight_map", "weight_map");
        if (weightMap.ValueKind != JsonValueKind.Object)
            throw fields.Error("field 'weight_map' must be an object mapping tensor names to shard files");

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in weightMap.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                throw fields.Error($"weight_map entry for tensor '{property.Name}' must be a shard file name string");
            var shard = property.Value.GetString()!;
            // Shards live beside the index; refusing paths keeps an index from pointing elsewhere on disk.
            if (shard.Length == 0 || Path.GetFileName(shard) != shard)
                throw fields.Error($"weight_map entry for tensor '{property.Name}' names '{shard}', expected a file name in the same folder");
            map[property.Name] = shard;
        }
        if (map.Count == 0)
            throw fields.Error("weight_map is empty; the index lists no tensors");
        return map;
    }
}

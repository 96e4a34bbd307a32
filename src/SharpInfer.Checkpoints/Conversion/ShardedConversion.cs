using System.Globalization;
using SharpInfer.Checkpoints.Writing;

namespace SharpInfer.Checkpoints.Conversion;

/// <summary>
/// Rewrites a checkpoint shard by shard under the same shard names: each input tensor maps to zero or
/// more output tensors. Only one output file is open at a time and tensor data is produced as it is
/// written, so memory stays bounded whatever the model size. Writes the index when the input had one.
/// </summary>
public static class ShardedConversion
{
    /// <param name="map">Output tensors for one input tensor name (empty to drop it).</param>
    /// <returns>(tensors written, bytes of tensor data).</returns>
    public static (int Tensors, long Bytes) Run(CheckpointShards input, string output, Func<string, IEnumerable<TensorToWrite>> map, Action<string> progress)
    {
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        long totalBytes = 0;
        for (var i = 0; i < input.Shards.Count; i++)
        {
            var (shardName, file) = input.Shards[i];
            var tensors = CheckpointShards.TensorNames(file).SelectMany(map).ToList();
            var bytes = SafetensorsWriter.Write(Path.Combine(output, shardName), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            foreach (var tensor in tensors)
                weightMap[tensor.Name] = shardName;
            totalBytes += bytes;
            progress(string.Create(CultureInfo.InvariantCulture,
                $"[{i + 1}/{input.Shards.Count}] {shardName}: {tensors.Count} tensors, {bytes / 1048576.0:F1} MiB"));
        }
        if (input.Indexed)
            SafetensorsWriter.WriteIndex(Path.Combine(output, SafetensorsCheckpoint.IndexFileName), totalBytes, weightMap);
        return (weightMap.Count, totalBytes);
    }
}

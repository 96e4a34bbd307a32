using SharpInfer.Core;

namespace SharpInfer.Checkpoints.Conversion;

/// <summary>
/// Every safetensors shard of a model folder, opened (memory-mapped) with its tensors listed per shard in
/// name order: what converters walk shard by shard, and where they look up companion tensors (scales) that
/// may sit in another shard.
/// </summary>
public sealed class CheckpointShards : IDisposable
{
    private readonly Dictionary<string, SafetensorsFile> _fileByTensor;

    private CheckpointShards(string directory, bool indexed, IReadOnlyList<(string Name, SafetensorsFile File)> shards, Dictionary<string, SafetensorsFile> fileByTensor)
    {
        Directory = directory;
        Indexed = indexed;
        Shards = shards;
        _fileByTensor = fileByTensor;
    }

    public string Directory { get; }

    /// <summary>True when the folder lists its shards in model.safetensors.index.json.</summary>
    public bool Indexed { get; }

    internal IReadOnlyList<(string Name, SafetensorsFile File)> Shards { get; }

    public IEnumerable<string> ShardNames => Shards.Select(s => s.Name);

    public static CheckpointShards Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new UserErrorException($"model folder not found: {directory}; expected a Hugging Face model folder");
        var single = Path.Combine(directory, SafetensorsCheckpoint.SingleFileName);
        var index = Path.Combine(directory, SafetensorsCheckpoint.IndexFileName);
        var indexed = !File.Exists(single);
        if (indexed && !File.Exists(index))
            throw new UserErrorException($"no {SafetensorsCheckpoint.SingleFileName} or {SafetensorsCheckpoint.IndexFileName} in {directory}; expected a Hugging Face model folder with safetensors weights");

        var shardNames = indexed
            ? ShardIndexReader.ReadWeightMap(index).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [SafetensorsCheckpoint.SingleFileName];
        var shards = new List<(string, SafetensorsFile)>();
        var byTensor = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            foreach (var name in shardNames)
            {
                var path = Path.Combine(directory, name);
                if (!File.Exists(path))
                    throw new UserErrorException($"shard {name} listed in {index} is missing (expected at {path}); re-download the model");
                var file = SafetensorsFile.Open(path);
                shards.Add((name, file));
                foreach (var tensor in file.Entries.Keys)
                {
                    if (!byTensor.TryAdd(tensor, file))
                        throw new UserErrorException($"tensor '{tensor}' appears in both {byTensor[tensor].FilePath} and {path}; the checkpoint is inconsistent");
                }
            }
        }
        catch
        {
            foreach (var (_, file) in shards)
                file.Dispose();
            throw;
        }
        return new CheckpointShards(directory, indexed, shards, byTensor);
    }

    internal static IEnumerable<string> TensorNames(SafetensorsFile shard) => shard.Entries.Keys.Order(StringComparer.Ordinal);

    public bool Contains(string name) => _fileByTensor.ContainsKey(name);

    public bool Any(DType dtype) => Shards.Any(s => s.File.Entries.Values.Any(e => e.DType == dtype));

    public IEnumerable<string> AllTensorNames => _fileByTensor.Keys;

    public TensorView View(string name)
    {
        if (!_fileByTensor.TryGetValue(name, out var file))
            throw new UserErrorException($"tensor '{name}' not found in {Directory}");
        return file.GetView(file.Entries[name]);
    }

    public void Dispose()
    {
        foreach (var (_, file) in Shards)
            file.Dispose();
    }
}

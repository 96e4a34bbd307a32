using SharpInfer.Core;

namespace SharpInfer.Checkpoints;

/// <summary>
/// The safetensors weights of a Hugging Face model folder: <c>model.safetensors</c>, or the shards
/// listed by <c>model.safetensors.index.json</c>. All files are memory-mapped until disposed.
/// </summary>
public sealed class SafetensorsCheckpoint : ITensorSource
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly SafetensorsFile[] _files;
    private readonly Dictionary<string, SafetensorsFile> _fileByTensor;
    private readonly string _filesLabel;
    private bool _disposed;

    private SafetensorsCheckpoint(string description, SafetensorsFile[] files, Dictionary<string, SafetensorsFile> fileByTensor, string filesLabel)
    {
        Description = description;
        _files = files;
        _fileByTensor = fileByTensor;
        _filesLabel = filesLabel;
    }

    public string Description { get; }

    public IReadOnlyCollection<string> TensorNames => _fileByTensor.Keys;

    /// <summary>Opens <paramref name="modelDir"/>; like transformers, a single model.safetensors wins over an index.</summary>
    public static SafetensorsCheckpoint Open(string modelDir)
    {
        if (!Directory.Exists(modelDir))
            throw new UserErrorException($"model folder not found: {modelDir}; expected a Hugging Face model folder");

        var singlePath = Path.Combine(modelDir, SingleFileName);
        if (File.Exists(singlePath))
            return OpenSingle(modelDir, singlePath);

        var indexPath = Path.Combine(modelDir, IndexFileName);
        if (File.Exists(indexPath))
            return OpenSharded(modelDir, indexPath);

        throw new UserErrorException(
            $"no {SingleFileName} or {IndexFileName} in {modelDir}; expected a Hugging Face model folder with safetensors weights " +
            "(.bin / .pth checkpoints are not supported; convert them to safetensors)");
    }

    public bool Contains(string name) => _fileByTensor.ContainsKey(name);

    /// <summary>Nothing to free: the mapped pages are clean file pages the OS can drop.</summary>
    public void Release(string name)
    {
    }

    public TensorView Get(string name, ReadOnlySpan<long> expectedShape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_fileByTensor.TryGetValue(name, out var file))
            throw new UserErrorException($"tensor '{name}' not found in {_filesLabel}");

        var entry = file.Entries[name];
        if (!expectedShape.SequenceEqual(entry.Shape))
        {
            throw new UserErrorException(
                $"tensor '{name}' in {file.FilePath} has shape {TensorShapes.Format(entry.Shape)}, expected " +
                $"{TensorShapes.Format(expectedShape)}; the checkpoint does not match config.json");
        }
        return file.GetView(entry);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var file in _files)
            file.Dispose();
    }

    private static SafetensorsCheckpoint OpenSingle(string modelDir, string path)
    {
        var file = SafetensorsFile.Open(path);
        var byTensor = new Dictionary<string, SafetensorsFile>(file.Entries.Count, StringComparer.Ordinal);
        foreach (var name in file.Entries.Keys)
            byTensor[name] = file;
        return new SafetensorsCheckpoint(modelDir, [file], byTensor, path);
    }

    private static SafetensorsCheckpoint OpenSharded(string modelDir, string indexPath)
    {
        var weightMap = ShardIndexReader.ReadWeightMap(indexPath);
        var shards = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            var byTensor = new Dictionary<string, SafetensorsFile>(weightMap.Count, StringComparer.Ordinal);
            foreach (var (tensor, shardName) in weightMap)
            {
                if (!shards.TryGetValue(shardName, out var shard))
                {
                    var shardPath = Path.Combine(modelDir, shardName);
                    if (!File.Exists(shardPath))
                        throw new UserErrorException($"shard {shardName} listed in {indexPath} is missing (expected at {shardPath}); re-download the model");
                    shard = SafetensorsFile.Open(shardPath);
                    shards.Add(shardName, shard);
                }
                if (!shard.Entries.ContainsKey(tensor))
                    throw new UserErrorException($"tensor '{tensor}' is mapped to {shardName} by {indexPath} but {shard.FilePath} does not contain it");
                byTensor[tensor] = shard;
            }
            return new SafetensorsCheckpoint(modelDir, [.. shards.Values], byTensor, indexPath);
        }
        catch
        {
            foreach (var shard in shards.Values)
                shard.Dispose();
            throw;
        }
    }
}

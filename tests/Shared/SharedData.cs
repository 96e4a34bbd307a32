namespace SharpInfer.Tests;

/// <summary>Locates the read-only <c>../shared</c> data folder that sits beside the repository, and the repository's own tests/data.</summary>
internal static class SharedData
{
    private static readonly string Repository = FindRepository();

    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Model(string name) => Path("models", name);

    /// <summary>A file or folder under the repository's tests/data.</summary>
    public static string RepositoryTestData(params string[] parts) => System.IO.Path.Combine([Repository, "tests", "data", .. parts]);

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Could not find the repository root above " + AppContext.BaseDirectory);
    }

    private static string FindRoot()
    {
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(Repository, "..", "shared"));
        return Directory.Exists(System.IO.Path.Combine(shared, "models"))
            ? shared
            : throw new DirectoryNotFoundException($"Expected the shared data folder at {shared} (beside the repository).");
    }
}

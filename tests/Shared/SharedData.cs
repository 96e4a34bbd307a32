namespace SharpInfer.Tests;

/// <summary>Locates the read-only <c>../shared</c> data folder that sits beside the repository.</summary>
internal static class SharedData
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Model(string name) => Path("models", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(System.IO.Path.Combine(shared, "models")))
                    return shared;
                throw new DirectoryNotFoundException($"Expected the shared data folder at {shared} (beside the repository).");
            }
        }
        throw new DirectoryNotFoundException("Could not find the repository root above " + AppContext.BaseDirectory);
    }
}

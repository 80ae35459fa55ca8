namespace GeoHub.Tests;

/// <summary>Where the checkout and the shared contract are, wherever the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DemoMap => Path.Combine(Root, "maps", "longyan");

    public static string SchemaFile => Path.Combine(Root, "schema.graphql");

    /// <summary>The shared folder sits beside the checkout (../shared); GEOHUB_SHARED overrides.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("GEOHUB_SHARED") ?? Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Contract => Path.Combine(Shared, "contract");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GeoHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GeoHub.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace GeoHub.Tests;

/// <summary>Where the checkout's folders are, wherever the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DemoMap => Path.Combine(Root, "maps", "longyan");

    public static string SchemaFile => Path.Combine(Root, "schema.graphql");

    /// <summary>The operations clients send, the project's own copy (operations/).</summary>
    public static string Operations => Path.Combine(Root, "operations");

    /// <summary>The battle map page's own operations (web/src/operations/), bundled into the page.</summary>
    public static string PageOperations => Path.Combine(Root, "web", "src", "operations");

    /// <summary>The demo map's expected answers to them, beside their tests.</summary>
    public static string ExpectedAnswers => Path.Combine(Root, "tests", "GeoHub.Tests", "Operations", "expected");

    /// <summary>
    /// The clients' contract where one sits beside the checkout (../shared/contract; GEOHUB_SHARED
    /// names another shared folder). A clone has none: only one test reads it, and skips without it.
    /// </summary>
    public static string SharedContract =>
        Path.Combine(Environment.GetEnvironmentVariable("GEOHUB_SHARED") ?? Path.GetFullPath(Path.Combine(Root, "..", "shared")), "contract");

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

namespace GeoHub.Maps;

/// <summary>Writes the Longyan demo map (or a ×scale copy of it) from a fixed seed.</summary>
public static class MapGenerator
{
    public static void Generate(string outputDirectory, int scale = 1) =>
        throw new NotImplementedException("the demo-map generator is being written (issue 2)");
}

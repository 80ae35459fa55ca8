using GeoHub.Maps;

namespace GeoHub.Tests.Maps;

/// <summary>The committed maps/longyan is exactly what the generator writes: same files, same bytes.</summary>
public sealed class MapGeneratorTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), "geohub_maps_" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Should_regenerate_the_committed_demo_map_byte_for_byte()
    {
        MapGenerator.Generate(output);

        var committed = Directory.GetFiles(RepoPaths.DemoMap).Select(Path.GetFileName).Where(n => n != "README.md").Order(StringComparer.Ordinal).ToList();
        var generated = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(committed, generated);
        foreach (var name in generated)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(RepoPaths.DemoMap, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(output, name!))),
                $"{name} differs from the committed file");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }
}

using GeoHub.Cli;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GeoHub.Maps;
using GeoHub.Tests.Fixtures;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;

namespace GeoHub.Tests.Cli;

[Collection(ImportDatabase.Name)]
public sealed class CompoundImportCommandTests(ImportFixture fixture) : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("geohub-import-");

    [Fact]
    public async Task Geohub_import_reads_a_geojson_file_and_writes_its_compounds()
    {
        var community = await fixture.AddCommunityAsync();
        var west = ImportFixture.West(ImportFixture.NumberOf(community));
        var file = Path.Combine(folder.FullName, "compounds.geojson");
        await File.WriteAllTextAsync(file, Json.Collection(
            Json.Feature(Json.Square(west + 0.001, 25.101, 0.002), """{"name":"科技局宿舍楼小区","households":64}"""),
            Json.Feature(Json.Square(west + 0.004, 25.101, 0.002), """{"name":"恒兴绿景小区","households":310}""")));

        var exit = await GeoHubCommands.RunAsync(["import", file, "--community", community, "--db", fixture.ConnectionString]);

        Assert.Equal(0, exit);
        Assert.Equal(
            [$"{community}001 科技局宿舍楼小区 64", $"{community}002 恒兴绿景小区 310"],
            await fixture.SqlAsync<string>($"SELECT concat_ws(' ', c.code, c.name, c.households) FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.code = '{community}' ORDER BY c.code"));
    }

    [Fact]
    public async Task Geohub_import_exits_non_zero_and_writes_nothing_on_a_bad_file()
    {
        var community = await fixture.AddCommunityAsync();
        var west = ImportFixture.West(ImportFixture.NumberOf(community));
        var file = Path.Combine(folder.FullName, "bad.json");
        await File.WriteAllTextAsync(file, Json.Collection(
            Json.Feature(Json.Square(west + 0.001, 25.101, 0.002), """{"name":"好小区"}"""),
            Json.Feature(Json.Square(west + 0.001, 25.101, 0.02), """{"name":"大过社区的小区"}""")));
        var before = await fixture.CountCompoundsAsync();

        var exit = await GeoHubCommands.RunAsync(["import", file, "--community", community, "--db", fixture.ConnectionString]);

        Assert.Equal(1, exit);
        Assert.Equal(before, await fixture.CountCompoundsAsync());
    }

    [Fact]
    public async Task Shapefile_compounds_import_with_their_attributes()
    {
        var community = await fixture.AddCommunityAsync();
        var west = ImportFixture.West(ImportFixture.NumberOf(community));
        var shp = Path.Combine(folder.FullName, "compounds.shp");
        Shapefile.WriteAllFeatures(
        [
            new Feature(Square(west + 0.001, 25.101, 0.002), new AttributesTable { { "name", "华泰小区" }, { "code", $"{community}010" }, { "households", 26 } }),
            new Feature(Square(west + 0.004, 25.101, 0.002), new AttributesTable { { "name", "龙腾小区" }, { "code", "" }, { "households", 40 } }),
        ], shp);

        var features = CompoundFeatures.FromShapefile(shp);
        Assert.Empty(features.Errors);
        await using (var db = fixture.CreateDb())
        {
            var result = await CompoundImport.ImportAsync(db, community, features);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            Assert.Equal(2, result.Created);
        }

        Assert.Equal(
            [$"{community}010 华泰小区 26 MULTIPOLYGON 4326", $"{community}011 龙腾小区 40 MULTIPOLYGON 4326"],
            await fixture.SqlAsync<string>($"""
                SELECT concat_ws(' ', c.code, c.name, c.households, GeometryType(c.boundary), ST_SRID(c.boundary))
                FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.code = '{community}' ORDER BY c.code
                """));

        // The same file again through the command updates both by code: nothing new.
        var exit = await GeoHubCommands.RunAsync(["import", shp, "--community", community, "--db", fixture.ConnectionString]);
        Assert.Equal(0, exit);
        Assert.Equal([2L], await fixture.SqlAsync<long>($"SELECT count(*) FROM compounds c JOIN areas a ON a.id = c.community_id WHERE a.code = '{community}'"));
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static Polygon Square(double west, double south, double size) => GeoJson.Factory.CreatePolygon(
    [
        new(west, south), new(west, south + size), new(west + size, south + size), new(west + size, south), new(west, south),
    ]);
}

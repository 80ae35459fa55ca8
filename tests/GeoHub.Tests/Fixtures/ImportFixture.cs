using System.Globalization;
using GeoHub.Areas;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Tests.Fixtures;

/// <summary>
/// A database of its own with a hand-made area tree: city 350800, district 350802, street
/// 350802001000, and two communities with square boundaries 0.01° wide side by side —
/// A = 350802001001 (lon 117.00–117.01, lat 25.10–25.11) holding 甲小区 and 乙小区, and
/// B = 350802001002 (lon 117.01–117.02) holding 丙小区. Tests that write get a fresh community
/// (<see cref="AddCommunityAsync"/>), so their rows never meet another test's.
/// GraphQL runs through the schema itself (IDocumentExecuter), not over HTTP.
/// </summary>
public sealed class ImportFixture() : DatabaseFixture("import")
{
    public const string CommunityA = "350802001001";
    public const string CommunityB = "350802001002";
    public const string Street = "350802001000";

    private int communities = 10;

    protected override async Task SeedAsync(GeoHubDb db)
    {
        var city = new Area { Code = "350800", Name = "龙岩市", Level = AreaLevel.City, Path = "350800" };
        var district = new Area { Code = "350802", Name = "新罗区", Level = AreaLevel.District, Path = "350800/350802", Parent = city };
        var street = new Area { Code = Street, Name = "东城街道", Level = AreaLevel.Street, Path = "350800/350802/" + Street, Parent = district };
        var a = Community(street, CommunityA, "东城A社区", 0);
        var b = Community(street, CommunityB, "东城B社区", 1);
        db.Areas.AddRange(city, district, street, a, b);
        db.Compounds.AddRange(
            new Compound { Code = CommunityA + "001", Name = "甲小区", Community = a, Households = 100, Boundary = Square(117.001, 25.101, 0.002) },
            new Compound { Code = CommunityA + "002", Name = "乙小区", Community = a, Households = 200, Boundary = Square(117.005, 25.101, 0.002) },
            new Compound { Code = CommunityB + "001", Name = "丙小区", Community = b, Households = 300, Boundary = Square(117.012, 25.102, 0.002) });
        await db.SaveChangesAsync();
    }

    /// <summary>A new community of the street, a 0.01° square east of the others; returns its code.</summary>
    public async Task<string> AddCommunityAsync()
    {
        var n = Interlocked.Increment(ref communities);
        var code = "350802001" + n.ToString("000", CultureInfo.InvariantCulture);
        await using var db = CreateDb();
        var street = await db.Areas.SingleAsync(x => x.Code == Street);
        db.Areas.Add(Community(street, code, $"测试{n}社区", n));
        await db.SaveChangesAsync();
        return code;
    }

    /// <summary>West edge of community number <paramref name="n"/>'s square.</summary>
    public static double West(int n) => 117.0 + (0.01 * n);

    public static int NumberOf(string communityCode) => int.Parse(communityCode[^3..], CultureInfo.InvariantCulture);

    public async Task<long> CountCompoundsAsync() => (await SqlAsync<long>("SELECT count(*) FROM compounds"))[0];

    private static Area Community(Area street, string code, string name, int n) => new()
    {
        Code = code,
        Name = name,
        Level = AreaLevel.Community,
        Path = street.Path + "/" + code,
        Parent = street,
        Boundary = Square(West(n), 25.10, 0.01),
    };

    private static NetTopologySuite.Geometries.MultiPolygon Square(double west, double south, double size) =>
        GeoJson.Factory.CreateMultiPolygon([GeoJson.Factory.CreatePolygon(
        [
            new(west, south), new(west + size, south), new(west + size, south + size), new(west, south + size), new(west, south),
        ])]);
}

[CollectionDefinition(Name)]
public sealed class ImportDatabase : ICollectionFixture<ImportFixture>
{
    public const string Name = "Import";
}

/// <summary>GeoJSON text for tests.</summary>
public static class Json
{
    public static string Square(double west, double south, double size) => Polygon(
        (west, south), (west + size, south), (west + size, south + size), (west, south + size), (west, south));

    public static string MultiSquare(double west, double south, double size) =>
        "{\"type\":\"MultiPolygon\",\"coordinates\":[" + Square(west, south, size)[32..^1] + "]}";

    public static string Polygon(params (double X, double Y)[] ring) =>
        "{\"type\":\"Polygon\",\"coordinates\":[[" + string.Join(",", ring.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.X},{p.Y}]"))) + "]]}";

    public static string Feature(string geometry, string properties) =>
        $"{{\"type\":\"Feature\",\"properties\":{properties},\"geometry\":{geometry}}}";

    public static string Collection(params string[] features) =>
        $"{{\"type\":\"FeatureCollection\",\"features\":[{string.Join(",", features)}]}}";
}

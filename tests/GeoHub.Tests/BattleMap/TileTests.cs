using System.Net;
using System.Text;
using System.Text.Json;
using GeoHub.GraphQL;
using GeoHub.Tests.Fixtures;

namespace GeoHub.Tests.BattleMap;

/// <summary>GET /tiles/{layer}/{z}/{x}/{y}.mvt over the hand-made map.</summary>
[Collection(BattleMapDatabase.Name)]
public sealed class TileTests(BattleMapFixture fixture)
{
    [Theory]
    [InlineData("2019-06-30")]
    [InlineData("2021-01-01")]
    public async Task Compound_tile_features_carry_the_battle_maps_properties(string asOf)
    {
        // z12 over 新罗区's hand-made compounds; the battle map's properties are checked against SQL in BattleMapTests.
        var (x, y) = TileOf(117.03, 25.03, 12);
        var client = fixture.CreateClient();
        var tile = await client.GetByteArrayAsync(new Uri($"/tiles/compounds/12/{x}/{y}.mvt?asOf={asOf}", UriKind.Relative));
        using var map = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/maps/350802.geojson?asOf={asOf}", UriKind.Relative)));
        var byId = map.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties"))
            .Where(p => p.GetProperty("layer").GetString() == "compound")
            .ToDictionary(p => p.GetProperty("id").GetString()!);
        var features = Mvt.Features(tile, "compounds");

        Assert.NotEmpty(features);
        foreach (var feature in features)
        {
            var tags = feature.Tags;
            var expected = byId[(string)tags["id"]];
            Assert.Equal(GlobalId.Encode("Compound", (int)feature.Id), tags["id"]);
            Assert.Equal("compound", tags["layer"]);
            Assert.Equal(expected.GetProperty("name").GetString(), tags["name"]);
            Assert.Equal((long)expected.GetProperty("households").GetInt32(), tags["households"]);
            Assert.Equal(expected.GetProperty("coverageStatus").GetString(), tags["coverageStatus"]);
            Assert.Equal(
                expected.GetProperty("organization").ValueKind == JsonValueKind.Null ? null : expected.GetProperty("organization").GetString(),
                tags.TryGetValue("organization", out var organization) ? organization : null);
            Assert.Equal(expected.GetProperty("redCommittee").GetBoolean(), tags["redCommittee"]);
            Assert.Equal((long)expected.GetProperty("agreements").GetInt32(), tags["agreements"]);
            Assert.Equal(expected.GetProperty("venueDistanceMeters").GetDouble(), (double)tags["venueDistanceMeters"], 0.01);
        }
    }

    [Theory]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(12)]
    public async Task A_tile_over_compounds_holds_as_many_features_as_compounds_intersect_its_envelope_in_sql(int z)
    {
        var (x, y) = TileOf(117.005, 25.005, z);
        var expected = (await fixture.SqlAsync(
            "SELECT count(*)::int FROM compounds WHERE ST_Intersects(boundary, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))",
            r => r.GetInt32(0), ("z", z), ("x", x), ("y", y))).Single();
        using var response = await fixture.CreateClient().GetAsync($"/tiles/compounds/{z}/{x}/{y}.mvt?asOf=2019-06-30");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(bytes.Length > 20);
        Assert.Equal(0x1A, bytes[0]); // field 3 (layer), length-delimited: how every MVT starts
        var layer = Assert.Single(Mvt.Layers(bytes));
        Assert.Equal("compounds", layer.Name);
        Assert.True(expected > 0);
        Assert.Equal(expected, layer.Features);
        Assert.Superset(new HashSet<string> { "layer", "id", "name", "households", "coverageStatus", "redCommittee", "agreements", "venueDistanceMeters" }, layer.Keys.ToHashSet());
    }

    // The status by the rule written out: the lowest-id organisation covering the compound that day.
    private const string StatusSql = """
        SELECT c.id, coalesce((
            SELECT CASE o.formation WHEN 'Joint' THEN 'JOINT' ELSE 'STANDALONE' END
            FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
            WHERE l.compound_id = c.id
              AND l.covered_from <= @day AND (l.covered_until IS NULL OR l.covered_until > @day)
              AND o.formed_on <= @day AND (o.dissolved_on IS NULL OR o.dissolved_on > @day)
            ORDER BY o.id LIMIT 1), 'NONE')
        FROM compounds c
        WHERE ST_Intersects(ST_PointOnSurface(c.boundary), ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))
        """;

    [Theory]
    [InlineData(10, "2017-12-31")]
    [InlineData(10, "2019-06-30")]
    [InlineData(11, "2019-06-30")]
    [InlineData(11, "2021-01-01")]
    public async Task Below_z12_a_compound_is_a_point_with_its_id_and_the_status_sql_finds_on_the_day(int z, string day)
    {
        var (x, y) = TileOf(117.02, 25.02, z);
        var expected = (await fixture.SqlAsync(
            StatusSql, r => (r.GetInt32(0), r.GetString(1)), ("z", z), ("x", x), ("y", y), ("day", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture))))
            .ToDictionary(r => (ulong)r.Item1, r => r.Item2);
        var tile = await fixture.CreateClient().GetByteArrayAsync(new Uri($"/tiles/compounds/{z}/{x}/{y}.mvt?asOf={day}", UriKind.Relative));
        var features = Mvt.Features(tile, "compounds");

        Assert.True(expected.Count > 1);
        Assert.Contains("NONE", expected.Values);
        Assert.Equal(expected.Keys.Order(), features.Select(f => f.Id).Order());
        foreach (var feature in features)
        {
            Assert.Equal(1, feature.GeometryType); // POINT
            Assert.Equal(["coverageStatus", "id"], feature.Tags.Keys.Order());
            Assert.Equal(GlobalId.Encode("Compound", (int)feature.Id), feature.Tags["id"]);
            Assert.Equal(expected[feature.Id], feature.Tags["coverageStatus"]);
        }
    }

    [Fact]
    public async Task From_z12_a_compound_is_its_polygon()
    {
        var (x, y) = TileOf(117.02, 25.02, 12);
        var tile = await fixture.CreateClient().GetByteArrayAsync(new Uri($"/tiles/compounds/12/{x}/{y}.mvt?asOf=2019-06-30", UriKind.Relative));
        var features = Mvt.Features(tile, "compounds");
        Assert.NotEmpty(features);
        Assert.All(features, f => Assert.Equal(3, f.GeometryType)); // POLYGON
    }

    [Fact]
    public async Task A_cached_tile_is_served_until_a_write_to_the_map_changes_its_version()
    {
        var (x, y) = TileOf(117.005, 25.005, 15);
        var url = $"/tiles/compounds/15/{x}/{y}.mvt?asOf=2019-06-30";
        var client = fixture.CreateClient();
        var name = (await fixture.SqlAsync(
            "SELECT name FROM compounds WHERE ST_Intersects(boundary, ST_Transform(ST_TileEnvelope(15, @x, @y), 4326)) ORDER BY id LIMIT 1",
            r => r.GetString(0), ("x", x), ("y", y))).Single();
        const string renamed = "缓存失效测试小区";

        var before = await client.GetByteArrayAsync(url);
        Assert.Equal(before, await client.GetByteArrayAsync(url));
        try
        {
            // A write that does not bump the version (trigger off) is not seen: the tile comes from the cache.
            await fixture.SqlAsync(
                "ALTER TABLE compounds DISABLE TRIGGER tr_compounds_map_version; UPDATE compounds SET name = @renamed WHERE name = @name; " +
                "ALTER TABLE compounds ENABLE TRIGGER tr_compounds_map_version; SELECT 1",
                r => r.GetInt32(0), ("renamed", renamed), ("name", name));
            Assert.Equal(before, await client.GetByteArrayAsync(url));

            await fixture.SqlAsync("UPDATE compounds SET households = households WHERE name = @renamed RETURNING id", r => r.GetInt32(0), ("renamed", renamed));
            var after = await client.GetByteArrayAsync(url);

            Assert.True(Contains(before, name) && !Contains(before, renamed), "the first tile carries the old name");
            Assert.True(Contains(after, renamed) && !Contains(after, name), "the tile after the write carries the new name");
        }
        finally
        {
            await fixture.SqlAsync("UPDATE compounds SET name = @name WHERE name = @renamed RETURNING id", r => r.GetInt32(0), ("renamed", renamed), ("name", name));
        }
    }

    private static bool Contains(byte[] tile, string text) =>
        tile.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    [Theory]
    [InlineData(11, "2017-12-31")]
    [InlineData(11, "2019-06-30")]
    [InlineData(14, "2021-01-01")]
    public async Task Area_tile_features_carry_the_coverage_sql_counts_from_the_rows(int z, string day)
    {
        // The tile reads the dated ledger; the reference counts the compounds under each area from the rows.
        var (x, y) = TileOf(117.02, 25.02, z);
        var expected = (await fixture.SqlAsync(
            $"""
            SELECT a.code, count(c.id)::int, count(c.id) FILTER (WHERE EXISTS ({BattleMapTests.CoveredSql("c.id")}))::int
            FROM areas a
            LEFT JOIN areas d ON d.path = a.path OR d.path LIKE a.path || '/%'
            LEFT JOIN compounds c ON c.community_id = d.id
            WHERE a.level = @level AND ST_Intersects(a.boundary, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))
            GROUP BY a.code
            """,
            r => (Code: r.GetString(0), Compounds: r.GetInt32(1), Covered: r.GetInt32(2)),
            ("z", z), ("x", x), ("y", y), ("level", z <= 12 ? "Street" : "Community"),
            ("day", DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)))).ToDictionary(e => e.Code);
        var tile = await fixture.CreateClient().GetByteArrayAsync(new Uri($"/tiles/areas/{z}/{x}/{y}.mvt?asOf={day}", UriKind.Relative));
        var features = Mvt.Features(tile, "areas");

        Assert.True(expected.Values.Sum(e => e.Compounds) > 0);
        Assert.Equal(expected.Keys.Order(), features.Select(f => (string)f.Tags["code"]).Order());
        foreach (var feature in features)
        {
            var want = expected[(string)feature.Tags["code"]];
            Assert.Equal(want.Compounds, Convert.ToInt32(feature.Tags["compounds"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(want.Covered, Convert.ToInt32(feature.Tags["compoundsCovered"], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("areas", 8)]
    [InlineData("areas", 11)]
    [InlineData("areas", 14)]
    [InlineData("venues", 12)]
    [InlineData("units", 12)]
    public async Task Every_layer_answers_a_tile_over_the_map_with_the_features_sql_finds(string layer, int z)
    {
        var (x, y) = TileOf(117.02, 25.02, z);
        var sql = layer switch
        {
            "areas" => $"SELECT count(*)::int FROM areas WHERE level = '{(z <= 9 ? "District" : z <= 12 ? "Street" : "Community")}' AND ST_Intersects(boundary, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))",
            "venues" => "SELECT count(*)::int FROM venues WHERE ST_Intersects(location::geometry, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))",
            _ => "SELECT count(*)::int FROM co_building_units WHERE ST_Intersects(location::geometry, ST_Transform(ST_TileEnvelope(@z, @x, @y), 4326))",
        };
        var expected = (await fixture.SqlAsync(sql, r => r.GetInt32(0), ("z", z), ("x", x), ("y", y))).Single();
        var bytes = await fixture.CreateClient().GetByteArrayAsync($"/tiles/{layer}/{z}/{x}/{y}.mvt");

        var tile = Assert.Single(Mvt.Layers(bytes));
        Assert.Equal(layer, tile.Name);
        Assert.True(expected > 0);
        Assert.Equal(expected, tile.Features);
    }

    [Theory]
    [InlineData("compounds")]
    [InlineData("venues")]
    [InlineData("areas")]
    public async Task A_tile_with_nothing_in_it_is_204(string layer)
    {
        using var response = await fixture.CreateClient().GetAsync($"/tiles/{layer}/14/0/0.mvt");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("/tiles/compounds/23/0/0.mvt")]
    [InlineData("/tiles/compounds/-1/0/0.mvt")]
    [InlineData("/tiles/compounds/3/8/0.mvt")]
    [InlineData("/tiles/compounds/3/0/8.mvt")]
    [InlineData("/tiles/compounds/3/0/-1.mvt")]
    [InlineData("/tiles/compounds/z/0/0.mvt")]
    [InlineData("/tiles/roads/3/0/0.mvt")]
    [InlineData("/tiles/compounds/3/0/0.mvt?asOf=yesterday")]
    public async Task Bad_coordinates_layers_and_dates_are_400_with_a_code(string path)
    {
        using var response = await fixture.CreateClient().GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(ErrorCodes.InvalidArgument, body.RootElement.GetProperty("code").GetString());
    }

    /// <summary>The slippy-map tile holding a lon/lat point.</summary>
    internal static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var radians = lat * Math.PI / 180;
        return ((int)Math.Floor((lon + 180) / 360 * n), (int)Math.Floor((1 - Math.Log(Math.Tan(radians) + 1 / Math.Cos(radians)) / Math.PI) / 2 * n));
    }
}

/// <summary>Just enough protobuf to read an MVT's layers, features, keys and tag values.</summary>
internal static class Mvt
{
    public sealed record Layer(string Name, int Features, IReadOnlyList<string> Keys);

    /// <summary>A feature's id, its geometry type (1 point, 2 line, 3 polygon) and its tags, values as string, double, long or bool.</summary>
    public sealed record Feature(ulong Id, IReadOnlyDictionary<string, object> Tags, int GeometryType = 0);

    public static List<Feature> Features(byte[] tile, string layerName)
    {
        var layer = Fields(tile).Where(f => f.Number == 3).Select(f => Fields(f.Bytes))
            .Single(l => Encoding.UTF8.GetString(l.Single(x => x.Number == 1).Bytes) == layerName);
        var keys = layer.Where(f => f.Number == 3).Select(f => Encoding.UTF8.GetString(f.Bytes)).ToList();
        var values = layer.Where(f => f.Number == 4).Select(f => Value(Fields(f.Bytes).Single())).ToList();
        return [.. layer.Where(f => f.Number == 2).Select(f =>
        {
            var fields = Fields(f.Bytes);
            var tags = Packed(fields.Single(x => x.Number == 2).Bytes);
            var pairs = Enumerable.Range(0, tags.Count / 2).ToDictionary(i => keys[(int)tags[2 * i]], i => values[(int)tags[(2 * i) + 1]]);
            return new Feature(fields.Single(x => x.Number == 1).Scalar, pairs, (int)fields.Single(x => x.Number == 3).Scalar);
        })];
    }

    private static object Value((int Number, byte[] Bytes, ulong Scalar) field) => field.Number switch
    {
        1 => Encoding.UTF8.GetString(field.Bytes),
        2 => (double)BitConverter.Int32BitsToSingle((int)field.Scalar),
        3 => BitConverter.Int64BitsToDouble((long)field.Scalar),
        4 => (long)field.Scalar,
        5 => (long)field.Scalar,
        6 => (long)(field.Scalar >> 1) ^ -(long)(field.Scalar & 1),
        7 => field.Scalar != 0,
        _ => throw new InvalidDataException($"value field {field.Number}"),
    };

    private static List<ulong> Packed(byte[] bytes)
    {
        List<ulong> values = [];
        var at = 0;
        while (at < bytes.Length)
        {
            values.Add(Varint(bytes, ref at));
        }

        return values;
    }

    public static List<Layer> Layers(byte[] tile) =>
        [.. Fields(tile).Where(f => f.Number == 3).Select(f =>
        {
            var fields = Fields(f.Bytes);
            return new Layer(
                Encoding.UTF8.GetString(fields.Single(l => l.Number == 1).Bytes),
                fields.Count(l => l.Number == 2),
                [.. fields.Where(l => l.Number == 3).Select(l => Encoding.UTF8.GetString(l.Bytes))]);
        })];

    /// <summary>The fields of a message: length-delimited ones with their bytes, the others with their value.</summary>
    private static List<(int Number, byte[] Bytes, ulong Scalar)> Fields(byte[] message)
    {
        List<(int, byte[], ulong)> fields = [];
        var at = 0;
        while (at < message.Length)
        {
            var key = Varint(message, ref at);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((number, [], Varint(message, ref at)));
                    break;
                case 1:
                    fields.Add((number, [], BitConverter.ToUInt64(message, at)));
                    at += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref at);
                    fields.Add((number, message[at..(at + length)], 0));
                    at += length;
                    break;
                case 5:
                    fields.Add((number, [], BitConverter.ToUInt32(message, at)));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {key & 7} at byte {at}");
            }
        }

        return fields;
    }

    private static ulong Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}

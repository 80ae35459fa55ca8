using System.Globalization;
using GeoHub.GraphQL;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GeoHub.Tests.BattleMap;

/// <summary>
/// A compounds tile below z12 holding more than GeoHub:BattleMap:MaxCompoundsPerTile compounds
/// (16,384; 40 here, so that the demo map's tiles over 新罗区 pass it) draws them merged by
/// 4-pixel cells: both layers checked against SQL that cuts the cells itself and applies the
/// covering rule written out to every compound of a cell.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class DenseTileTests(GeoHubFixture fixture) : IAsyncLifetime
{
    private const int Limit = 40;
    private WebApplicationFactory<Program>? dense;

    public Task InitializeAsync()
    {
        dense = DatabaseFixture.CreateFactory(fixture.ConnectionString,
            services => services.Configure<GeoHub.BattleMap.BattleMapOptions>(o => o.MaxCompoundsPerTile = Limit));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (dense is not null)
        {
            await dense.DisposeAsync();
        }
    }

    // Each compound whose point on surface lies in tile (z, x, y): its cell (a tile of zoom z + 7)
    // and its status on each of the days by the rule (0 NONE, 1 JOINT, 2 STANDALONE).
    private const string CompoundsSql = """
        WITH points AS (
            SELECT c.id, floor((ST_X(m.p) + 20037508.342789244) / (20037508.342789244 * 2 / 2 ^ (@z + 7)))::bigint AS cx,
                   floor((20037508.342789244 - ST_Y(m.p)) / (20037508.342789244 * 2 / 2 ^ (@z + 7)))::bigint AS cy
            FROM compounds c CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(c.boundary), 3857) AS p) m)
        SELECT p.id, p.cx, p.cy, to_char(d.d, 'YYYY-MM-DD'), CASE coalesce((
                SELECT o.formation FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
                WHERE l.compound_id = p.id
                  AND l.covered_from <= d.d AND (l.covered_until IS NULL OR l.covered_until > d.d)
                  AND o.formed_on <= d.d AND (o.dissolved_on IS NULL OR o.dissolved_on > d.d)
                ORDER BY o.id LIMIT 1), 'None') WHEN 'None' THEN 0 WHEN 'Joint' THEN 1 ELSE 2 END
        FROM points p CROSS JOIN unnest(@days) d(d)
        WHERE p.cx >> 7 = @x AND p.cy >> 7 = @y
        """;

    private static readonly string[] Statuses = ["NONE", "JOINT", "STANDALONE"];

    [Theory]
    [InlineData(8)]
    [InlineData(10)]
    public async Task A_dense_tile_is_drawn_by_cells_with_counts_ids_and_the_worst_status_of_their_compounds(int z)
    {
        var (x, y) = TileTests.TileOf(117.02, 25.08, z);
        var days = await DaysAsync();
        var rows = await fixture.SqlAsync(CompoundsSql, r => (Id: r.GetInt32(0), Cx: r.GetInt64(1), Cy: r.GetInt64(2), Day: r.GetString(3), Status: r.GetInt32(4)),
            ("z", z), ("x", (long)x), ("y", (long)y), ("days", days));
        var cells = rows.GroupBy(r => (r.Cx, r.Cy)).ToDictionary(
            g => g.Key,
            g => (Ids: g.Select(r => r.Id).Distinct().Order().ToList(), Worst: g.GroupBy(r => r.Day).ToDictionary(d => d.Key, d => Statuses[d.Min(r => r.Status)])));
        var compounds = cells.Values.Sum(c => c.Ids.Count);
        Assert.True(compounds > Limit, $"{compounds} compounds in {z}/{x}/{y}: not dense");
        Assert.True(cells.Count < compounds, "no two compounds share a cell");
        Assert.Contains(cells.Values, c => c.Ids.Count == 1);

        var client = dense!.CreateClient();
        var history = Mvt.Features(await client.GetByteArrayAsync(new Uri($"/tiles/compound-history/{z}/{x}/{y}.mvt", UriKind.Relative)), "compounds");
        Assert.Equal(cells.Count, history.Count);
        foreach (var feature in history)
        {
            var cell = Check(feature, z, cells);
            foreach (var (day, worst) in cell.Worst)
            {
                Assert.True(worst == StatusOn(feature.Tags.TryGetValue("statusFrom", out var h) ? (string)h : null, day), $"cell {feature.Id} on {day}: SQL {worst}");
            }
        }

        foreach (var day in new[] { "2017-12-31", "2019-06-30" })
        {
            var dated = Mvt.Features(await client.GetByteArrayAsync(new Uri($"/tiles/compounds/{z}/{x}/{y}.mvt?asOf={day}", UriKind.Relative)), "compounds");
            Assert.Equal(cells.Count, dated.Count);
            foreach (var feature in dated)
            {
                Assert.Equal(Check(feature, z, cells).Worst[day], feature.Tags["coverageStatus"]);
            }
        }

        // Under the default limit the same tile draws every compound on its own.
        var single = Mvt.Features(await fixture.CreateClient().GetByteArrayAsync(new Uri($"/tiles/compound-history/{z}/{x}/{y}.mvt", UriKind.Relative)), "compounds");
        Assert.DoesNotContain(single, f => f.Tags.ContainsKey("count"));
        Assert.Superset(cells.Values.SelectMany(c => c.Ids).Select(id => (ulong)id).ToHashSet(), single.Select(f => f.Id).ToHashSet());
    }

    /// <summary>
    /// The cell a feature stands for: a cell of one compound is that compound (its id as feature
    /// id and tag, no count); a merged one has its cell in the feature id and a count, no id.
    /// </summary>
    private static (List<int> Ids, Dictionary<string, string> Worst) Check(Mvt.Feature feature, int z, Dictionary<(long, long), (List<int> Ids, Dictionary<string, string> Worst)> cells)
    {
        Assert.Equal(1, feature.GeometryType); // POINT
        if (feature.Tags.TryGetValue("count", out var count))
        {
            Assert.False(feature.Tags.ContainsKey("id"));
            var index = (long)(feature.Id - (1UL << 47) - ((ulong)z << 40));
            var cell = cells[(index >> (z + 7), index & ((1L << (z + 7)) - 1))];
            Assert.Equal((long)cell.Ids.Count, count);
            Assert.True(cell.Ids.Count > 1);
            return cell;
        }

        var one = Assert.Single(cells.Values, c => c.Ids.Count == 1 && c.Ids[0] == (int)feature.Id);
        Assert.Equal(GlobalId.Encode("Compound", (int)feature.Id), feature.Tags["id"]);
        return one;
    }

    /// <summary>Twenty days where a status may change, the day before each, and two fixed days.</summary>
    private async Task<DateOnly[]> DaysAsync()
    {
        var days = await fixture.SqlAsync<DateOnly>(
            """
            SELECT DISTINCT d FROM (
                SELECT unnest(ARRAY[covered_from, covered_until]) AS d FROM organization_compounds
                UNION ALL SELECT unnest(ARRAY[formed_on, dissolved_on]) FROM party_organizations) e
            WHERE d IS NOT NULL ORDER BY d
            """);
        return [.. Enumerable.Range(0, 20).Select(i => days[i * (days.Count - 1) / 19]).SelectMany(d => new[] { d.AddDays(-1), d })
            .Append(DateOnly.Parse("2017-12-31", CultureInfo.InvariantCulture)).Append(DateOnly.Parse("2019-06-30", CultureInfo.InvariantCulture)).Distinct()];
    }

    /// <summary>The page's reading of a history (web/src/map/days.js): the last entry on or before the day, NONE before the first.</summary>
    private static string StatusOn(string? history, string day)
    {
        var status = "NONE";
        foreach (var entry in history?.Split(',') ?? [])
        {
            if (string.CompareOrdinal(entry[..10], day) > 0)
            {
                break;
            }

            status = entry[11..];
        }

        return status;
    }
}

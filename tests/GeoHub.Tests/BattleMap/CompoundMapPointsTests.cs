using System.Globalization;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.BattleMap;
using GeoHub.Cli;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Maps;
using GeoHub.Tests.Fixtures;
using GeoHub.Tests.Pages;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoHub.Tests.BattleMap;

/// <summary>The demo map in a database of its own, changed by the map points tests' writes.</summary>
public sealed class MapPointsFixture() : DatabaseFixture("mappoints")
{
    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
}

/// <summary>
/// compound_map_points and compound_map_cells, the stored points and status histories the
/// low-zoom compounds tiles draw, are derived data: after a load, random writes of every kind
/// that moves a status or a point (through the mutations, <c>geohub apply</c>, importCompounds and
/// plain SQL), concurrent writers and a migration down and up, they equal what the rows give —
/// by the SQL that made them (check-map-points) and by the covering rule written out, on every
/// day a status can change and the day before.
/// </summary>
public sealed class CompoundMapPointsTests(MapPointsFixture fixture) : IClassFixture<MapPointsFixture>
{
    private const string Reason = "map points test";
    private const string PreviousMigration = "20261202210000_CompoundsByHouseholds";

    private readonly Random random = new(20261206);
    private readonly HttpClient writer = fixture.CreateClient(Role.Admin, subject: "map-points-test");

    // Each compound's status on the days its links and organisations start and end, the day before
    // each, and two fixed days, by the rule written out (the lowest-id organisation covering it),
    // against the stored history read as the dated tiles read it.
    private const string WrongStatusesSql = $"""
        WITH expected AS ({CoveringRuleSql.StatusOnEdgeDays})
        SELECT format('compound %s on %s: rule %s, stored %s', e.id, e.d, e.status, coalesce(p.statuses[width_bucket(e.d, p.changed_on)], 'NONE'))
        FROM expected e LEFT JOIN compound_map_points p ON p.compound_id = e.id
        WHERE e.status IS DISTINCT FROM coalesce(p.statuses[width_bucket(e.d, p.changed_on)], 'NONE')
        """;

    // Every cell, on sample days, against the worst status of its compounds by the rule written
    // out, and its count against the compounds whose point on surface lies in it (Web Mercator
    // tile arithmetic, as the tiles cut them).
    private const string WrongCellsSql = """
        WITH members AS (
            SELECT c.id, z.z,
                   floor((ST_X(m.p) + 20037508.342789244) / (20037508.342789244 * 2 / 2 ^ (z.z + 7)))::integer AS cx,
                   floor((20037508.342789244 - ST_Y(m.p)) / (20037508.342789244 * 2 / 2 ^ (z.z + 7)))::integer AS cy
            FROM compounds c CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(c.boundary), 3857) AS p) m
            CROSS JOIN generate_series(0, 11) z(z)),
        counted AS (SELECT z, cx, cy, count(*) AS n, min(id) AS only FROM members GROUP BY z, cx, cy),
        ruled AS (
            SELECT m.z, m.cx, m.cy, d.d, min(CASE coalesce((
                SELECT o.formation FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
                WHERE l.compound_id = m.id
                  AND l.covered_from <= d.d AND (l.covered_until IS NULL OR l.covered_until > d.d)
                  AND o.formed_on <= d.d AND (o.dissolved_on IS NULL OR o.dissolved_on > d.d)
                ORDER BY o.id LIMIT 1), 'None') WHEN 'None' THEN 0 WHEN 'Joint' THEN 1 ELSE 2 END) AS worst
            FROM members m CROSS JOIN unnest(@days) d(d)
            GROUP BY m.z, m.cx, m.cy, d.d)
        SELECT format('cell %s/%s/%s: %s compounds, stored %s', k.z, k.cx, k.cy, k.n, c.compounds)
        FROM counted k LEFT JOIN compound_map_cells c ON c.z = k.z AND c.cx = k.cx AND c.cy = k.cy
        WHERE c.compounds IS DISTINCT FROM k.n::integer OR c.compound_id IS DISTINCT FROM CASE WHEN k.n = 1 THEN k.only END
        UNION ALL
        SELECT format('cell %s/%s/%s: left over', c.z, c.cx, c.cy)
        FROM compound_map_cells c WHERE NOT EXISTS (SELECT 1 FROM counted k WHERE k.z = c.z AND k.cx = c.cx AND k.cy = c.cy)
        UNION ALL
        SELECT format('cell %s/%s/%s on %s: rule %s, stored %s', r.z, r.cx, r.cy, r.d, r.worst, s.status)
        FROM ruled r JOIN compound_map_cells c ON c.z = r.z AND c.cx = r.cx AND c.cy = r.cy
        CROSS JOIN LATERAL (SELECT coalesce(c.statuses[width_bucket(r.d, c.changed_on)], 'NONE') AS status) s
        WHERE (ARRAY['NONE', 'JOINT', 'STANDALONE'])[r.worst + 1] <> s.status
        """;

    [Fact]
    public async Task After_the_load_the_points_and_cells_equal_the_rows()
    {
        await AgreeAsync();
    }

    [Fact]
    public async Task Random_writes_of_every_kind_keep_points_and_cells_equal_to_the_rows()
    {
        var accepted = 0;
        for (var i = 0; i < 36; i++)
        {
            var day = new DateOnly(2016, 1, 1).AddDays(random.Next(LongyanDay.Today(TimeProvider.System).DayNumber - new DateOnly(2016, 1, 1).DayNumber));
            if (await WriteAsync(i % Kinds, day))
            {
                accepted++;
            }
        }

        Assert.True(accepted >= 24, $"only {accepted} of 36 random writes were accepted");
        await AgreeAsync();
    }

    [Fact]
    public async Task Two_writers_linking_one_compound_at_once_both_count()
    {
        // A compound whose coverage ends in 2029; then a JOINT organisation covers it through
        // 2030 and a STANDALONE one from 2031, each linked by one of two writers at once.
        var (compound, first, second) = (await fixture.SqlAsync(
            """
            SELECT (SELECT max(id) FROM compounds),
                   (SELECT min(id) FROM party_organizations WHERE formation = 'Joint' AND dissolved_on IS NULL),
                   (SELECT min(id) FROM party_organizations WHERE formation = 'Standalone' AND dissolved_on IS NULL)
            """,
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)))).Single();
        await fixture.RunSqlAsync($"UPDATE organization_compounds SET covered_until = '2029-06-01' WHERE compound_id = {compound} AND (covered_until IS NULL OR covered_until > '2029-06-01')");
        await using var a = await fixture.DataSource.OpenConnectionAsync();
        await using var b = await fixture.DataSource.OpenConnectionAsync();
        await using var ta = await a.BeginTransactionAsync();
        await using var tb = await b.BeginTransactionAsync();
        // The first links the compound and brings the stored rows up to date (what its commit
        // does), the second links it too before the first commits: it must wait for the first
        // (map_version's row and the ledger's lock both hold it) and then see its link.
        await RunAsync(a, $"INSERT INTO organization_compounds (organization_id, compound_id, covered_from, covered_until) VALUES ({first}, {compound}, '2030-01-01', '2031-01-01'); SET CONSTRAINTS ALL IMMEDIATE");
        var later = Task.Run(async () =>
        {
            await RunAsync(b, $"INSERT INTO organization_compounds (organization_id, compound_id, covered_from) VALUES ({second}, {compound}, '2031-01-01'); SET CONSTRAINTS ALL IMMEDIATE");
            await tb.CommitAsync();
        });
        await Task.Delay(500);
        Assert.False(later.IsCompleted, "the second writer did not wait for the first");
        await ta.CommitAsync();
        await later;

        var history = (await fixture.SqlAsync<string>($"SELECT status_from FROM compound_map_points WHERE compound_id = {compound}")).Single();
        Assert.EndsWith("2029-06-01 NONE,2030-01-01 JOINT,2031-01-01 STANDALONE", history, StringComparison.Ordinal);
        Assert.Empty(await CompoundPoints.DifferencesAsync(fixture.DataSource));
    }

    [Fact]
    public async Task A_write_that_skips_the_upkeep_is_caught_and_a_refresh_repairs_it()
    {
        // A link that starts its organisation's coverage and stays open: starting it later changes the history.
        var compound = (await fixture.SqlAsync<int>(
            """
            SELECT l.compound_id FROM organization_compounds l JOIN party_organizations o ON o.id = l.organization_id
            WHERE l.covered_until IS NULL AND o.dissolved_on IS NULL AND l.covered_from >= o.formed_on
              AND NOT EXISTS (SELECT 1 FROM organization_compounds k WHERE k.compound_id = l.compound_id AND k.organization_id <> l.organization_id)
            ORDER BY l.compound_id LIMIT 1
            """)).Single();
        try
        {
            // Each in a transaction of its own: the update leaves deferred checks behind, and a
            // table with pending trigger events cannot be altered.
            await fixture.RunSqlAsync("ALTER TABLE organization_compounds DISABLE TRIGGER tr_organization_compounds_map_points_update");
            await fixture.RunSqlAsync($"UPDATE organization_compounds SET covered_from = covered_from + 10 WHERE compound_id = {compound}");
            await fixture.RunSqlAsync("ALTER TABLE organization_compounds ENABLE TRIGGER tr_organization_compounds_map_points_update");
            var differences = await CompoundPoints.DifferencesAsync(fixture.DataSource);
            Assert.Contains(differences, d => d.StartsWith($"compound {compound}: differs", StringComparison.Ordinal));
            Assert.Equal(1, await CheckMapPointsCommand.RunAsync(fixture.ConnectionString, CancellationToken.None));

            // A row gone is missing, and a cell counted is caught too.
            await fixture.RunSqlAsync("ALTER TABLE compound_map_points DISABLE TRIGGER tr_compound_map_points_delete");
            await fixture.RunSqlAsync($"DELETE FROM compound_map_points WHERE compound_id = {compound}");
            await fixture.RunSqlAsync("ALTER TABLE compound_map_points ENABLE TRIGGER tr_compound_map_points_delete");
            differences = await CompoundPoints.DifferencesAsync(fixture.DataSource);
            Assert.Contains($"compound {compound}: missing: stored '', from the rows '", differences.First(d => d.StartsWith($"compound {compound}:", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Contains(differences, d => d.StartsWith("cell 11/", StringComparison.Ordinal));
        }
        finally
        {
            await fixture.RunSqlAsync($"UPDATE organization_compounds SET covered_from = covered_from - 10 WHERE compound_id = {compound}");
            await fixture.RunSqlAsync("BEGIN; SELECT compound_map_points_refresh(NULL); SELECT compound_map_cells_refresh(true); COMMIT");
        }

        Assert.Empty(await CompoundPoints.DifferencesAsync(fixture.DataSource));
        Assert.Equal(0, await CheckMapPointsCommand.RunAsync(fixture.ConnectionString, CancellationToken.None));
    }

    [Fact]
    public async Task The_migration_goes_down_and_up_again_to_the_same_rows()
    {
        await using var db = fixture.CreateDb();
        var before = await SnapshotAsync();
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        await migrator.MigrateAsync(PreviousMigration);
        Assert.Equal(0, (await fixture.SqlAsync<long>("SELECT count(*) FROM pg_class WHERE relname LIKE 'compound_map_%'")).Single());
        Assert.Equal(0, (await fixture.SqlAsync<long>("SELECT count(*) FROM pg_proc WHERE proname LIKE 'compound_map_%'")).Single());
        await migrator.MigrateAsync();
        Assert.Equal(before, await SnapshotAsync());
        Assert.Empty(await CompoundPoints.DifferencesAsync(fixture.DataSource));
    }

    // A cell's centroid is a sum whose order the grouping chooses: the same to a millimetre.
    private Task<List<string>> SnapshotAsync() => fixture.SqlAsync<string>(
        """
        SELECT concat_ws('|', 'p', compound_id, ST_AsText(point), global_id, status_from) FROM compound_map_points
        UNION ALL SELECT concat_ws('|', 'c', z, cx, cy, compounds, compound_id, ST_AsText(ST_SnapToGrid(point, 0.001)), status_from) FROM compound_map_cells
        ORDER BY 1
        """);

    /// <summary>Stored rows against the SQL that made them, the rule written out, and the history tiles read over HTTP.</summary>
    private async Task AgreeAsync()
    {
        Assert.Empty(await CompoundPoints.DifferencesAsync(fixture.DataSource));
        Assert.Empty(await fixture.SqlAsync<string>(WrongStatusesSql));
        var days = (await fixture.SqlAsync<DateOnly>(
            """
            SELECT DISTINCT d FROM (
                SELECT unnest(ARRAY[covered_from, covered_until]) AS d FROM organization_compounds
                UNION ALL SELECT unnest(ARRAY[formed_on, dissolved_on]) FROM party_organizations) e
            WHERE d IS NOT NULL ORDER BY d
            """)).ToList();
        var sample = Enumerable.Range(0, 20).Select(i => days[i * (days.Count - 1) / 19]).SelectMany(d => new[] { d.AddDays(-1), d })
            .Append(new DateOnly(2019, 6, 30)).Distinct().ToArray();
        Assert.Empty(await fixture.SqlAsync(WrongCellsSql, r => r.GetString(0), ("days", sample)));
        await CompoundHistoryTileTests.CheckAsync(fixture);
    }

    private const int Kinds = 12;

    /// <summary>One write of kind <paramref name="kind"/> dated <paramref name="day"/>, on rows picked at random; false when there was nothing to write or it was refused.</summary>
    private async Task<bool> WriteAsync(int kind, DateOnly day)
    {
        codes ??= (await fixture.SqlAsync("SELECT id, code FROM areas", r => (r.GetInt32(0), r.GetString(1)))).ToDictionary(a => a.Item1, a => a.Item2);
        var on = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var salt = random.Next();
        var uncovered = $"""
            SELECT k.id, k.community_id FROM compounds k
            WHERE NOT EXISTS (SELECT 1 FROM organization_compounds oc WHERE oc.compound_id = k.id AND (oc.covered_until IS NULL OR oc.covered_until > '{on}'))
            """;
        switch (kind)
        {
            case 0:
                return await MutateAsync(await RowAsync(uncovered, salt), row => ("formPartyOrganization",
                    new { communityCode = CodeOf(row[1]), name = "图点党支部", kind = "BRANCH", compoundIds = new[] { Id("Compound", row[0]) }, startupFundingYuan = 3000, on, reason = Reason }));
            case 1:
                return await MutateAsync(await RowAsync($"""
                    SELECT a.id, b.id, a.community_id FROM ({uncovered}) a JOIN ({uncovered}) b ON b.community_id = a.community_id AND b.id > a.id
                    """, salt), row => ("formPartyOrganization",
                    new { communityCode = CodeOf(row[2]), name = "图点联合党支部", kind = "BRANCH", compoundIds = new[] { Id("Compound", row[0]), Id("Compound", row[1]) }, startupFundingYuan = 5000, on, reason = Reason }));
            case 2:
                return await MutateAsync(await RowAsync($"SELECT id, version FROM party_organizations WHERE dissolved_on IS NULL AND formed_on < '{on}'", salt),
                    row => ("dissolvePartyOrganization", new { id = Id("PartyOrganization", row[0]), version = row[1], on, reason = Reason }));
            case 3:
                return await MutateAsync(await RowAsync($"""
                    SELECT o.id, o.version, k.id FROM party_organizations o JOIN ({uncovered}) k ON k.community_id = o.community_id
                    WHERE o.formation = 'Joint' AND o.formed_on <= '{on}' AND (o.dissolved_on IS NULL OR o.dissolved_on > '{on}')
                    """, salt), row => ("coverCompounds", new { organizationId = Id("PartyOrganization", row[0]), version = row[1], compoundIds = new[] { Id("Compound", row[2]) }, on, reason = Reason }));
            case 4:
                return await MutateAsync(await RowAsync($"""
                    SELECT o.id, o.version, l.compound_id FROM party_organizations o JOIN organization_compounds l ON l.organization_id = o.id
                    WHERE l.covered_from < '{on}' AND (l.covered_until IS NULL OR l.covered_until > '{on}')
                    """, salt), row => ("stopCoveringCompounds", new { organizationId = Id("PartyOrganization", row[0]), version = row[1], compoundIds = new[] { Id("Compound", row[2]) }, on, reason = Reason }));
            case 5:
                // geohub apply: the same mutation from an NDJSON file, in its own transaction.
                if (await RowAsync(uncovered, salt) is not { } free)
                {
                    return false;
                }

                var file = new FileInfo(Path.Combine(Path.GetTempPath(), $"map-points-{Guid.NewGuid():N}.ndjson"));
                await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(new
                {
                    mutation = "formPartyOrganization",
                    input = new { communityCode = CodeOf(free[1]), name = "批量党支部", kind = "BRANCH", compoundIds = new[] { Id("Compound", free[0]) }, startupFundingYuan = 3000, on, reason = Reason },
                }) + "\n");
                try
                {
                    return await ApplyCommand.RunAsync(file, fixture.ConnectionString, CancellationToken.None) == 0;
                }
                finally
                {
                    file.Delete();
                }

            case 6:
                // A formation corrected by hand (no mutation changes it).
                return await SqlWriteAsync(await RowAsync("SELECT id FROM party_organizations", salt),
                    row => $"UPDATE party_organizations SET formation = CASE formation WHEN 'Joint' THEN 'Standalone' ELSE 'Joint' END WHERE id = {row[0]}");
            case 7:
                return await SqlWriteAsync(await RowAsync("SELECT id FROM party_organizations", salt),
                    row => $"UPDATE party_organizations SET formed_on = formed_on - {1 + (salt % 300)}, dissolved_on = CASE WHEN {salt % 2} = 0 THEN formed_on + 90 END WHERE id = {row[0]}");
            case 8:
                return await SqlWriteAsync(await RowAsync("SELECT organization_id, compound_id FROM organization_compounds", salt),
                    row => salt % 2 == 0
                        ? $"DELETE FROM organization_compounds WHERE organization_id = {row[0]} AND compound_id = {row[1]}"
                        : $"UPDATE organization_compounds SET covered_until = covered_from + {1 + (salt % 500)} WHERE organization_id = {row[0]} AND compound_id = {row[1]}");
            case 9:
                // Moved by hand, far enough to change cells at the finest zooms.
                return await SqlWriteAsync(await RowAsync("SELECT id FROM compounds", salt),
                    row => $"UPDATE compounds SET boundary = ST_Multi(ST_Translate(boundary, 0.0{1 + (salt % 9)}, -0.00{1 + (salt % 7)})) WHERE id = {row[0]}");
            case 10:
                // Reshaped through importCompounds (by code): its point on surface moves with it.
                return await ImportShrunkAsync(salt);
            default:
                // An organisation deleted with its links (a correction of a load).
                return await SqlWriteAsync(await RowAsync("SELECT id FROM party_organizations WHERE NOT EXISTS (SELECT 1 FROM meetings m WHERE m.organization_id = party_organizations.id)", salt),
                    row => $"DELETE FROM party_organizations WHERE id = {row[0]}");
        }
    }

    private async Task<bool> MutateAsync(int[]? row, Func<int[], (string Mutation, object Input)> make)
    {
        if (row is null)
        {
            return false;
        }

        var (mutation, input) = make(row);
        var inputType = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Input";
        var answer = await writer.PostAsync($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ __typename }} }}", new { input });
        return !answer.TryGetProperty("errors", out _);
    }

    private async Task<bool> SqlWriteAsync(int[]? row, Func<int[], string> sql)
    {
        if (row is null)
        {
            return false;
        }

        await fixture.RunSqlAsync(sql(row));
        return true;
    }

    private async Task<bool> ImportShrunkAsync(int salt)
    {
        var rows = await fixture.SqlAsync(
            $"""
            SELECT a.code, c.code, c.name, c.households, ST_AsGeoJSON(ST_Multi(ST_Translate(ST_Scale(c.boundary, 0.6, 0.6), ST_X(m.p) * 0.4, ST_Y(m.p) * 0.4)))
            FROM compounds c JOIN areas a ON a.id = c.community_id CROSS JOIN LATERAL (SELECT ST_Centroid(c.boundary) AS p) m
            WHERE c.code IS NOT NULL ORDER BY md5(c.id::text || '{salt}') LIMIT 1
            """,
            r => (Community: r.GetString(0), Code: r.GetString(1), Name: r.GetString(2), Households: r.GetInt32(3), Geometry: r.GetString(4)));
        if (rows.Count == 0)
        {
            return false;
        }

        var (community, code, name, households, geometry) = rows[0];
        var features = JsonSerializer.Deserialize<JsonElement>(JsonSerializer.Serialize(new
        {
            type = "FeatureCollection",
            features = new[] { new { type = "Feature", properties = new { name, code, households }, geometry = JsonSerializer.Deserialize<JsonElement>(geometry) } },
        }));
        var answer = await writer.PostAsync("mutation($code: String!, $features: GeoJSON!) { importCompounds(communityCode: $code, features: $features) { updated } }",
            new { code = community, features });
        return !answer.TryGetProperty("errors", out _) && answer.GetProperty("data").GetProperty("importCompounds").GetProperty("updated").GetInt32() == 1;
    }

    private async Task<int[]?> RowAsync(string sql, int salt)
    {
        var rows = await fixture.SqlAsync($"SELECT * FROM ({sql}) t ORDER BY md5(t::text || '{salt}') LIMIT 1",
            r => Enumerable.Range(0, r.FieldCount).Select(r.GetInt32).ToArray());
        return rows.Count == 0 ? null : rows[0];
    }

    private Dictionary<int, string>? codes;

    private string CodeOf(int areaId) => codes![areaId];

    private static string Id(string type, int id) => GlobalId.Encode(type, id);

    private static async Task RunAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

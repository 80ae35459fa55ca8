using GeoHub.Coverage;
using GeoHub.Data;
using GeoHub.Maps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace GeoHub.Tests.Coverage;

/// <summary>The demo map in a database of its own, changed by the ledger unit tests' writes.</summary>
public sealed class LedgerUnitsFixture() : DatabaseFixture("ledger_units")
{
    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
}

/// <summary>
/// The ledger kept by unit (Data/Migrations/CoverageLedgerUnitsSql.cs): a write notes the units
/// whose facts read what it changed (a compound, a community, a member), only their steps are
/// recomputed and rewritten at commit, and every area's figures still equal the rows (the
/// rollup, <see cref="CoverageRollup"/>) on the days around the write. Writes are SQL, as any
/// writer's (the triggers keep the ledger whoever writes).
/// </summary>
public sealed class LedgerUnitsTests(LedgerUnitsFixture fixture) : IClassFixture<LedgerUnitsFixture>
{
    [Fact]
    public async Task A_member_registered_in_a_compound_refreshes_that_compound_alone()
    {
        var compound = await OneAsync<int>("SELECT id FROM compounds ORDER BY id OFFSET 100 LIMIT 1");

        var write = await CommitAsync($"""
            INSERT INTO party_members (name, category, compound_id, registered_on, reported_on, cadre_rank)
            VALUES ('账本单元', 'InService', {compound}, '2018-03-01', '2018-04-01', 'Section')
            """);

        Assert.Equal([("compound", compound)], write.Touched);
        Assert.Equal([("compound", compound)], write.Rewritten);
        await AgreeAroundAsync(new DateOnly(2018, 3, 1), new DateOnly(2018, 4, 1));
    }

    [Fact]
    public async Task A_member_moving_to_a_compound_of_another_community_refreshes_the_two_compounds()
    {
        var (member, from) = await OneAsync("""
            SELECT m.id, m.compound_id FROM party_members m
            WHERE m.left_on IS NULL AND m.category = 'InService' AND m.reported_on IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM committee_seats s WHERE s.party_member_id = m.id)
            ORDER BY m.id LIMIT 1
            """, r => (r.GetInt32(0), r.GetInt32(1)));
        var to = await OneAsync<int>($"SELECT id FROM compounds WHERE community_id <> (SELECT community_id FROM compounds WHERE id = {from}) ORDER BY id DESC LIMIT 1");
        var reported = await OneAsync<DateOnly>($"SELECT reported_on FROM party_members WHERE id = {member}");

        var write = await CommitAsync($"UPDATE party_members SET compound_id = {to}, version = version + 1 WHERE id = {member}");

        Assert.Equal(new[] { ("compound", from), ("compound", to) }.Order(), write.Touched);
        Assert.Equal(new[] { ("compound", from), ("compound", to) }.Order(), write.Rewritten);
        await AgreeAroundAsync(reported);

        // A write that changes no column a figure reads touches nothing.
        var bump = await CommitAsync($"UPDATE party_members SET version = version + 1 WHERE id = {member}");
        Assert.Empty(bump.Touched);
    }

    [Fact]
    public async Task A_compound_moving_community_carries_its_steps_and_its_seated_members_there()
    {
        var compound = await OneAsync<int>("""
            SELECT c.compound_id FROM owners_committees c JOIN committee_seats s ON s.committee_id = c.id
            WHERE s.party_member_id IS NOT NULL AND s.until IS NULL
            ORDER BY c.compound_id DESC LIMIT 1
            """);
        var community = await OneAsync<int>($"SELECT id FROM areas WHERE level = 'Community' AND id <> (SELECT community_id FROM compounds WHERE id = {compound}) ORDER BY id LIMIT 1");
        var seated = await fixture.SqlAsync<int>($"""
            SELECT DISTINCT s.party_member_id FROM owners_committees c JOIN committee_seats s ON s.committee_id = c.id
            WHERE c.compound_id = {compound} AND s.party_member_id IS NOT NULL
            """);

        var write = await CommitAsync($"UPDATE compounds SET community_id = {community} WHERE id = {compound}");

        Assert.Equal(seated.Select(m => ("member", m)).Append(("compound", compound)).Order(), write.Touched);
        Assert.Contains(("compound", compound), write.Rewritten);
        Assert.Equal([community], await fixture.SqlAsync<int>($"SELECT DISTINCT unnest(area_ids) FROM coverage_unit_steps WHERE kind = 'compound' AND id = {compound}"));
        await LedgerChecks.AgreeAsync(fixture.DataSource, await EventDaysOfAsync($"""
            SELECT c.formed_on FROM owners_committees c WHERE c.compound_id = {compound}
            UNION SELECT s."from" FROM owners_committees c JOIN committee_seats s ON s.committee_id = c.id WHERE c.compound_id = {compound}
            UNION SELECT oc.covered_from FROM organization_compounds oc WHERE oc.compound_id = {compound}
            """));
    }

    [Fact]
    public async Task Ending_and_deleting_rows_keep_every_area_equal_to_the_rows()
    {
        var on = new DateOnly(2019, 3, 1);
        var role = await OneAsync<int>($"SELECT id FROM party_roles WHERE until IS NULL AND \"from\" < '{on:yyyy-MM-dd}' ORDER BY id LIMIT 1");
        await CommitAsync($"UPDATE party_roles SET until = '{on:yyyy-MM-dd}' WHERE id = {role}");
        var committee = await OneAsync<int>($"SELECT c.id FROM owners_committees c WHERE c.dissolved_on IS NULL AND c.formed_under_party_lead AND c.formed_on < '{on:yyyy-MM-dd}' ORDER BY c.id LIMIT 1");
        await CommitAsync($"UPDATE owners_committees SET dissolved_on = '{on:yyyy-MM-dd}' WHERE id = {committee}");
        await CommitAsync("DELETE FROM committee_seats WHERE id = (SELECT min(id) FROM committee_seats WHERE party_member_id IS NOT NULL AND until IS NULL)");
        await CommitAsync("DELETE FROM agreements WHERE id = (SELECT min(id) FROM agreements WHERE ended_on IS NULL)");
        var activities = await CommitAsync("DELETE FROM activities WHERE id IN (SELECT id FROM activities ORDER BY id LIMIT 20)");
        Assert.All(activities.Touched, t => Assert.Equal("community", t.Kind));

        // A whole compound, its members first (a member's compound is required), in one transaction.
        var compound = await OneAsync<int>("SELECT k.id FROM compounds k WHERE EXISTS (SELECT 1 FROM owners_committees c WHERE c.compound_id = k.id) ORDER BY k.id DESC LIMIT 1");
        var gone = await CommitAsync($"""
            UPDATE party_members SET moved_from_id = NULL WHERE moved_from_id IN (SELECT id FROM party_members WHERE compound_id = {compound});
            DELETE FROM party_members WHERE compound_id = {compound};
            DELETE FROM compounds WHERE id = {compound};
            """);
        Assert.Contains(("compound", compound), gone.Touched);
        Assert.Empty(await fixture.SqlAsync<int>($"SELECT id FROM coverage_unit_steps WHERE kind = 'compound' AND id = {compound}"));

        var events = await LedgerChecks.EventDaysAsync(fixture.DataSource);
        await LedgerChecks.AgreeAsync(fixture.DataSource, [.. LedgerChecks.Pick(events, count: 8, random: 4, seed: 11).Append(on.AddDays(-1)).Append(on).Distinct().Order()]);
    }

    [Fact]
    public async Task A_member_cross_appointed_in_two_streets_counts_once_in_their_district()
    {
        var (member, seatedOn, _) = await CrossAppointAsync(sameDistrict: true);

        // Seated and leading in two streets of one district: one member of the district, one of each street.
        var district = await OneAsync<int>($"""
            SELECT a.parent_id FROM compounds k JOIN areas c ON c.id = k.community_id JOIN areas a ON a.id = c.parent_id
            WHERE k.id = (SELECT compound_id FROM party_members WHERE id = {member})
            """);
        var streets = await fixture.SqlAsync<int>($"SELECT id FROM areas WHERE parent_id = {district}");
        var figures = await CoverageLedger.ComputeAsync(fixture.DataSource, [district, .. streets], seatedOn);
        Assert.Equal(
            streets.Sum(s => figures[s].OwnersCommittees.CrossAppointed) - 1,
            figures[district].OwnersCommittees.CrossAppointed);
        Assert.Contains(district, await fixture.SqlAsync<int>($"SELECT unnest(area_ids) FROM coverage_unit_steps WHERE kind = 'member' AND id = {member}"));
        await AgreeAroundAsync(seatedOn);

        // Unseated again: the correction goes with the seat.
        await CommitAsync($"UPDATE committee_seats SET until = '{seatedOn.AddDays(30):yyyy-MM-dd}' WHERE party_member_id = {member} AND \"from\" = '{seatedOn:yyyy-MM-dd}'");
        await AgreeAroundAsync(seatedOn, seatedOn.AddDays(30));
    }

    [Fact]
    public async Task A_touch_trigger_that_forgets_the_member_is_caught()
    {
        var original = await OneAsync<string>("SELECT pg_get_functiondef('coverage_touch_committee_seats'::regproc)");
        (int Member, DateOnly SeatedOn, int Community) seat;
        try
        {
            // Broken on purpose: a seat notes its committee's compound but not its holder, whose
            // cross-appointment (a member unit) is then left as it was.
            await fixture.RunSqlAsync("""
                CREATE OR REPLACE FUNCTION coverage_touch_committee_seats() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO coverage_touched (kind, id)
                    SELECT 'compound', c.compound_id FROM new_rows r JOIN owners_committees c ON c.id = r.committee_id ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                """);
            seat = await CrossAppointAsync(sameDistrict: false);
        }
        finally
        {
            await fixture.RunSqlAsync(original);
        }

        // The day before, nothing differs; on the day, cross_appointed alone, short by the member,
        // in the new seat's community, street and district (the city counted them already).
        Assert.Empty(await LedgerChecks.DifferencesAsync(fixture.DataSource, [seat.SeatedOn.AddDays(-1)]));
        var areas = await LedgerChecks.AreaIdsAsync(fixture.DataSource);
        var rows = await CoverageRollup.ComputeAsync(fixture.DataSource, areas, seat.SeatedOn);
        var ledger = await CoverageLedger.ComputeAsync(fixture.DataSource, areas, seat.SeatedOn);
        var differing = areas.Where(a => rows[a] != ledger[a]).ToList();
        var above = await fixture.SqlAsync<int>($"SELECT a.id FROM areas x JOIN areas a ON x.path LIKE a.path || '/%' OR x.id = a.id WHERE x.id = {seat.Community} AND a.level <> 'City' ORDER BY a.id");
        Assert.Equal(above, differing);
        Assert.All(differing, a => Assert.Equal(
            rows[a],
            ledger[a] with { OwnersCommittees = ledger[a].OwnersCommittees with { CrossAppointed = ledger[a].OwnersCommittees.CrossAppointed + 1 } }));

        // The member's unit refreshed by hand: the ledger agrees again.
        await fixture.RunSqlAsync($"SELECT coverage_ledger_refresh('{{}}', '{{}}', ARRAY[{seat.Member}])");
        await AgreeAroundAsync(seat.SeatedOn);
    }

    [Fact]
    public async Task Migrating_down_restores_the_ledger_by_community_and_up_again_the_ledger_by_unit()
    {
        const string Previous = "20261206230000_CompoundMapPoints";
        var days = LedgerChecks.Pick(await LedgerChecks.EventDaysAsync(fixture.DataSource), count: 6, random: 3, seed: 5);
        await using var db = fixture.CreateDb();
        // Each way rebuilds the ledger from the rows.
        db.Database.SetCommandTimeout(0);
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(Previous);
        Assert.Equal(["coverage_own_steps"], await fixture.SqlAsync<string>("SELECT table_name::text FROM information_schema.tables WHERE table_name IN ('coverage_own_steps', 'coverage_unit_steps')"));
        var compound = await OneAsync<int>("SELECT id FROM compounds ORDER BY id LIMIT 1");
        await fixture.RunSqlAsync($"INSERT INTO party_members (name, category, compound_id, reported_on) VALUES ('账本降级', 'InService', {compound}, '2018-05-01')");
        await LedgerChecks.AgreeAsync(fixture.DataSource, [.. days.Append(new DateOnly(2018, 5, 1)).Distinct().Order()]);

        await migrator.MigrateAsync();
        Assert.Equal(["coverage_unit_steps"], await fixture.SqlAsync<string>("SELECT table_name::text FROM information_schema.tables WHERE table_name IN ('coverage_own_steps', 'coverage_unit_steps')"));
        var write = await CommitAsync($"INSERT INTO party_members (name, category, compound_id, reported_on) VALUES ('账本升级', 'InService', {compound}, '2018-06-01')");
        Assert.Equal([("compound", compound)], write.Touched);
        await LedgerChecks.AgreeAsync(fixture.DataSource, [.. days.Append(new DateOnly(2018, 5, 1)).Append(new DateOnly(2018, 6, 1)).Distinct().Order()]);
    }

    /// <summary>
    /// A member with a leading role and a seat in their own compound given a leading role in the
    /// organisation of a compound of another street (of the same district, or of another
    /// district), then, in a transaction of its own, a seat on that compound's committee: the
    /// member, the day that seat starts and its community.
    /// </summary>
    private async Task<(int Member, DateOnly SeatedOn, int Community)> CrossAppointAsync(bool sameDistrict)
    {
        var seatedOn = new DateOnly(2019, 2, 1);
        var on = $"'{seatedOn:yyyy-MM-dd}'";
        var member = await OneAsync<int>($"""
            SELECT m.id FROM party_members m
            JOIN committee_seats s ON s.party_member_id = m.id AND s."from" < {on} AND s.until IS NULL
            JOIN owners_committees c ON c.id = s.committee_id AND c.compound_id = m.compound_id AND c.dissolved_on IS NULL
            JOIN party_roles r ON r.member_id = m.id AND r.kind IN ('Secretary', 'DeputySecretary', 'CommitteeMember') AND r."from" < {on} AND r.until IS NULL
            JOIN party_organizations o ON o.id = r.organization_id AND o.formed_on < {on} AND o.dissolved_on IS NULL
            JOIN organization_compounds oc ON oc.organization_id = r.organization_id AND oc.compound_id = m.compound_id AND oc.covered_from < {on} AND oc.covered_until IS NULL
            WHERE m.left_on IS NULL AND c.formed_on < {on}
              AND NOT EXISTS (SELECT 1 FROM coverage_unit_steps u WHERE u.kind = 'member' AND u.id = m.id AND (SELECT count(DISTINCT a) FROM unnest(u.area_ids) a) > 1)
            ORDER BY m.id LIMIT 1
            """);
        var district = $"(SELECT d.parent_id FROM party_members m JOIN compounds k ON k.id = m.compound_id JOIN areas c ON c.id = k.community_id JOIN areas d ON d.id = c.parent_id WHERE m.id = {member})";
        var street = $"(SELECT c.parent_id FROM party_members m JOIN compounds k ON k.id = m.compound_id JOIN areas c ON c.id = k.community_id WHERE m.id = {member})";
        var (committee, organization, community) = await OneAsync($"""
            SELECT c.id, oc.organization_id, k.community_id FROM compounds k
            JOIN areas a ON a.id = k.community_id
            JOIN areas st ON st.id = a.parent_id
            JOIN owners_committees c ON c.compound_id = k.id AND c.formed_on < {on} AND c.dissolved_on IS NULL
            JOIN organization_compounds oc ON oc.compound_id = k.id AND oc.covered_from < {on} AND oc.covered_until IS NULL
            JOIN party_organizations o ON o.id = oc.organization_id AND o.formed_on < {on} AND o.dissolved_on IS NULL
            WHERE st.id <> {street} AND st.parent_id {(sameDistrict ? "=" : "<>")} {district}
              AND NOT EXISTS (SELECT 1 FROM party_roles r WHERE r.member_id = {member} AND r.organization_id = oc.organization_id)
            ORDER BY k.id LIMIT 1
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)));
        await CommitAsync($"INSERT INTO party_roles (member_id, kind, organization_id, \"from\") VALUES ({member}, 'CommitteeMember', {organization}, '2019-01-01')");
        await CommitAsync($"INSERT INTO committee_seats (committee_id, role, holder_name, party_member_id, \"from\") VALUES ({committee}, 'Member', '账本交叉', {member}, {on})");
        return (member, seatedOn, community);
    }

    /// <summary>The statements run and committed in one transaction: the units it noted, and the unit rows it rewrote.</summary>
    private async Task<(List<(string Kind, int Id)> Touched, List<(string Kind, int Id)> Rewritten)> CommitAsync(string sql)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var write = new NpgsqlCommand(sql, connection, transaction))
        {
            await write.ExecuteNonQueryAsync();
        }

        var touched = await UnitsAsync(connection, transaction, "SELECT kind, id FROM coverage_touched");
        long xact;
        await using (var id = new NpgsqlCommand("SELECT pg_current_xact_id()::text::bigint", connection, transaction))
        {
            xact = (long)(await id.ExecuteScalarAsync())!;
        }

        await transaction.CommitAsync();
        // Rows whose latest version the transaction wrote (xmin is the 32-bit transaction id).
        var rewritten = await UnitsAsync(connection, null, $"SELECT kind, id FROM coverage_unit_steps WHERE xmin::text = '{xact % (1L << 32)}'");
        return (touched, rewritten);
    }

    private static async Task<List<(string Kind, int Id)>> UnitsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql + " ORDER BY 1, 2", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        List<(string, int)> units = [];
        while (await reader.ReadAsync())
        {
            units.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return units;
    }

    private Task AgreeAroundAsync(params DateOnly[] days) =>
        LedgerChecks.AgreeAsync(fixture.DataSource, [.. days.SelectMany(d => new[] { d.AddDays(-1), d }).Distinct().Order()]);

    private async Task<List<DateOnly>> EventDaysOfAsync(string sql) =>
        [.. (await fixture.SqlAsync<DateOnly>(sql)).SelectMany(d => new[] { d.AddDays(-1), d }).Distinct().Order()];

    private async Task<T> OneAsync<T>(string sql) => (await fixture.SqlAsync<T>(sql)).Single();

    private async Task<T> OneAsync<T>(string sql, Func<NpgsqlDataReader, T> read) => (await fixture.SqlAsync(sql, read)).Single();
}

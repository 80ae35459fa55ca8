using System.Globalization;
using System.Text.Json;
using GeoHub.Access;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Maps;

namespace GeoHub.Tests.Coverage;

/// <summary>The demo map in a database of its own, changed by the ledger tests' random writes.</summary>
public sealed class LedgerWritesFixture() : DatabaseFixture("ledger")
{
    protected override async Task SeedAsync(GeoHubDb db) => await MapLoader.LoadAsync(DataSource, RepoPaths.DemoMap);
}

/// <summary>
/// Random writes of every kind that moves a figure, through the GraphQL mutations (dated over the
/// whole record, as corrections), and a compound import; then every area's figures from the
/// ledger against the rows, on each written day and the day before, event days and random days.
/// And the ledger left behind by a write that skips its upkeep is caught.
/// </summary>
public sealed class LedgerWritesTests(LedgerWritesFixture fixture) : IClassFixture<LedgerWritesFixture>
{
    private const string Reason = "ledger test";
    private static readonly string[] RoleKinds = ["SECRETARY", "DEPUTY_SECRETARY", "COMMITTEE_MEMBER"];

    private readonly Random random = new(20261202);
    private readonly HttpClient writer = fixture.CreateClient(Role.Admin, subject: "ledger-test");
    private Dictionary<int, string>? codes;

    [Fact]
    public async Task Random_writes_and_an_import_keep_every_area_on_every_day_equal_to_the_rows()
    {
        List<DateOnly> written = [];
        var succeeded = 0;
        for (var i = 0; i < 45; i++)
        {
            var day = new DateOnly(2016, 1, 1).AddDays(random.Next(LongyanDay.Today(TimeProvider.System).DayNumber - new DateOnly(2016, 1, 1).DayNumber));
            if (await WriteAsync(i % Kinds, day))
            {
                succeeded++;
                written.Add(day);
            }
        }

        Assert.True(succeeded >= 25, $"only {succeeded} of 45 random writes were accepted");
        var created = await ImportAsync();
        Assert.Equal(1, created);

        var events = await LedgerChecks.EventDaysAsync(fixture.DataSource);
        var days = written.SelectMany(d => new[] { d.AddDays(-1), d })
            .Concat(LedgerChecks.Pick(events, count: 15, random: 8, seed: 3))
            .Append(LongyanDay.Today(TimeProvider.System))
            .Distinct().Order().ToList();
        await LedgerChecks.AgreeAsync(fixture.DataSource, days);
    }

    [Fact]
    public async Task A_write_that_skips_the_ledger_is_caught()
    {
        var member = await SqlAsync<int>("SELECT id FROM party_members WHERE category = 'InService' AND reported_on IS NOT NULL AND left_on IS NULL ORDER BY id LIMIT 1");
        var day = await SqlAsync<DateOnly>($"SELECT reported_on FROM party_members WHERE id = {member}");
        try
        {
            await fixture.RunSqlAsync($"""
                BEGIN;
                ALTER TABLE party_members DISABLE TRIGGER tr_party_members_coverage_update;
                UPDATE party_members SET reported_on = NULL WHERE id = {member};
                ALTER TABLE party_members ENABLE TRIGGER tr_party_members_coverage_update;
                COMMIT;
                """);
            var differences = await LedgerChecks.DifferencesAsync(fixture.DataSource, [day.AddDays(-1), day, day.AddDays(1)]);
            // The member's community, street, district and city, on the day and the day after.
            Assert.Equal(8, differences.Count);
            Assert.All(differences, d => Assert.Contains("\"InServiceMembersReported\"", d, StringComparison.Ordinal));
        }
        finally
        {
            await fixture.RunSqlAsync($"UPDATE party_members SET reported_on = '{day:yyyy-MM-dd}' WHERE id = {member}");
        }

        await LedgerChecks.AgreeAsync(fixture.DataSource, [day.AddDays(-1), day, day.AddDays(1)]);
    }

    private const int Kinds = 16;

    /// <summary>One write of kind <paramref name="kind"/> dated <paramref name="day"/>, on rows picked at random; false when there was nothing to write or it was refused.</summary>
    private async Task<bool> WriteAsync(int kind, DateOnly day)
    {
        codes ??= (await fixture.SqlAsync("SELECT id, code FROM areas", r => (r.GetInt32(0), r.GetString(1)))).ToDictionary(a => a.Item1, a => a.Item2);
        var on = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var salt = random.Next();
        (string Mutation, object Input)? write = kind switch
        {
            0 => await Pick("SELECT id FROM compounds", id => ("reportBack", (object)new { member = new { name = "账本测试", cadreRank = "SECTION" }, compoundId = Id("Compound", id), on, reason = Reason })),
            1 => await Pick("SELECT id FROM compounds", id => ("registerMember", (object)new { member = new { name = "账本登记", category = "RETIRED", cadreRank = "DIVISION" }, compoundId = Id("Compound", id), on, reason = Reason })),
            2 => await PickVersioned($"SELECT id, version FROM party_members WHERE left_on IS NULL AND coalesce(registered_on, '-infinity') < '{on}'",
                (id, version) => ("recordMemberLeft", new { memberId = Id("PartyMember", id), version, on, reason = Reason })),
            3 => await PickVersioned($"SELECT m.id, m.version FROM party_members m WHERE m.left_on IS NULL AND coalesce(m.registered_on, '-infinity') < '{on}'",
                (id, version) => ("moveMember", new { memberId = Id("PartyMember", id), version, compoundId = Id("Compound", 1 + (salt % 1400)), on, reason = Reason })),
            4 => await PickPair($"""
                SELECT m.id, o.id FROM party_organizations o JOIN organization_compounds oc ON oc.organization_id = o.id JOIN party_members m ON m.compound_id = oc.compound_id
                WHERE o.formed_on <= '{on}' AND (o.dissolved_on IS NULL OR o.dissolved_on > '{on}')
                  AND coalesce(m.registered_on, '-infinity') <= '{on}' AND (m.left_on IS NULL OR m.left_on > '{on}')
                """, (member, organization) => ("appointRole", new { memberId = Id("PartyMember", member), organizationId = Id("PartyOrganization", organization), kind = RoleKinds[salt % 3], on, reason = Reason })),
            5 => await PickVersioned($"SELECT id, version FROM party_roles WHERE until IS NULL AND \"from\" < '{on}'",
                (id, version) => ("endRole", new { id = Id("PartyRole", id), version, on, reason = Reason })),
            6 => await Pick($"SELECT k.id FROM compounds k WHERE NOT EXISTS (SELECT 1 FROM owners_committees c WHERE c.compound_id = k.id AND (c.dissolved_on IS NULL OR c.dissolved_on > '{on}'))",
                id => ("formOwnersCommittee", (object)new { compoundId = Id("Compound", id), name = "账本业委会", formedUnderPartyLead = true, on, reason = Reason })),
            7 => await PickPair($"""
                SELECT c.id, m.id FROM owners_committees c JOIN party_members m ON m.compound_id = c.compound_id
                WHERE c.formed_on <= '{on}' AND (c.dissolved_on IS NULL OR c.dissolved_on > '{on}')
                  AND coalesce(m.registered_on, '-infinity') <= '{on}' AND (m.left_on IS NULL OR m.left_on > '{on}')
                """, (committee, member) => ("seatCommitteeMember", new { committeeId = Id("OwnersCommittee", committee), role = salt % 2 == 0 ? "DIRECTOR" : "MEMBER", memberId = Id("PartyMember", member), on, reason = Reason })),
            8 => await PickVersioned($"SELECT id, version FROM committee_seats WHERE until IS NULL AND \"from\" < '{on}'",
                (id, version) => ("unseatCommitteeMember", new { id = Id("CommitteeSeat", id), version, on, reason = Reason })),
            9 => await PickVersioned($"SELECT id, version FROM owners_committees WHERE dissolved_on IS NULL AND formed_on < '{on}'",
                (id, version) => ("dissolveOwnersCommittee", new { id = Id("OwnersCommittee", id), version, on, reason = Reason })),
            10 => await PickVersioned($"SELECT id, version FROM party_organizations WHERE dissolved_on IS NULL AND formed_on < '{on}'",
                (id, version) => ("dissolvePartyOrganization", new { id = Id("PartyOrganization", id), version, on, reason = Reason })),
            11 => await PickPair($"""
                SELECT k.id, k.community_id FROM compounds k
                WHERE NOT EXISTS (SELECT 1 FROM organization_compounds oc WHERE oc.compound_id = k.id AND (oc.covered_until IS NULL OR oc.covered_until > '{on}'))
                """, (compound, community) => ("formPartyOrganization", new { communityCode = CodeOf(community), name = "账本党支部", kind = "BRANCH", compoundIds = new[] { Id("Compound", compound) }, startupFundingYuan = 1000 + (salt % 5000), on, reason = Reason })),
            12 => await PickPair("SELECT u.id, k.id FROM co_building_units u CROSS JOIN LATERAL (SELECT id FROM compounds ORDER BY md5(id::text || u.id) LIMIT 1) k",
                (unit, compound) => ("signAgreement", new { unitId = Id("CoBuildingUnit", unit), compoundId = Id("Compound", compound), title = "账本协议", on, reason = Reason })),
            13 => await PickVersioned($"SELECT id, version FROM agreements WHERE ended_on IS NULL AND signed_on < '{on}'",
                (id, version) => ("endAgreement", new { id = Id("Agreement", id), version, on, reason = Reason })),
            14 => salt % 2 == 0
                ? await PickPair("SELECT u.id, a.id FROM co_building_units u CROSS JOIN LATERAL (SELECT id FROM areas WHERE level = 'Community' ORDER BY md5(id::text || u.id) LIMIT 1) a",
                    (unit, community) => ("launchProject", new { unitId = Id("CoBuildingUnit", unit), communityCode = CodeOf(community), name = "账本项目", budgetYuan = 10000, on, reason = Reason }))
                : await PickVersioned($"SELECT id, version FROM projects WHERE completed_on IS NULL AND launched_on <= '{on}'",
                    (id, version) => ("completeProject", new { id = Id("Project", id), version, on, reason = Reason })),
            _ => await PickPair("SELECT u.id, k.id FROM co_building_units u CROSS JOIN LATERAL (SELECT id FROM compounds ORDER BY md5(id::text || u.id) LIMIT 1) k",
                (unit, compound) => ("recordActivity", new { unitId = Id("CoBuildingUnit", unit), compoundId = Id("Compound", compound), title = "账本活动", participants = 12, on, reason = Reason })),
        };
        if (write is not { } w)
        {
            return false;
        }

        var inputType = char.ToUpperInvariant(w.Mutation[0]) + w.Mutation[1..] + "Input";
        var answer = await writer.PostAsync($"mutation($input: {inputType}!) {{ {w.Mutation}(input: $input) {{ __typename }} }}", new { input = w.Input });
        return !answer.TryGetProperty("errors", out _);

        async Task<(string, object)?> Pick(string sql, Func<int, (string, object)> make) =>
            (await RowAsync(sql, salt)) is { } row ? make(row[0]) : null;

        async Task<(string, object)?> PickVersioned(string sql, Func<int, int, (string, object)> make) =>
            (await RowAsync(sql, salt)) is { } row ? make(row[0], row[1]) : null;

        async Task<(string, object)?> PickPair(string sql, Func<int, int, (string, object)> make) =>
            (await RowAsync(sql, salt)) is { } row ? make(row[0], row[1]) : null;
    }

    /// <summary>A new compound in a community, drawn inside its largest gap between compounds, through importCompounds.</summary>
    private async Task<int> ImportAsync()
    {
        var (code, geometry) = (await fixture.SqlAsync("""
            SELECT a.code, ST_AsGeoJSON(ST_Buffer(g.center, g.radius / 2, 8))
            FROM areas a
            CROSS JOIN LATERAL (SELECT ST_Difference(a.boundary, coalesce((SELECT ST_Union(boundary) FROM compounds WHERE community_id = a.id), 'POLYGON EMPTY'::geometry)) AS free) f
            CROSS JOIN LATERAL ST_MaximumInscribedCircle(f.free) g
            WHERE a.level = 'Community' AND a.boundary IS NOT NULL
            ORDER BY a.id LIMIT 1
            """, r => (r.GetString(0), r.GetString(1)))).Single();
        var features = JsonSerializer.Deserialize<JsonElement>($$"""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"账本小区","households":120},"geometry":{{geometry}}}]}
            """);
        var answer = await writer.QueryAsync("mutation($code: String!, $features: GeoJSON!) { importCompounds(communityCode: $code, features: $features) { created } }",
            new { code, features });
        return answer.GetProperty("importCompounds").GetProperty("created").GetInt32();
    }

    private async Task<int[]?> RowAsync(string sql, int salt)
    {
        var rows = await fixture.SqlAsync($"SELECT * FROM ({sql}) t ORDER BY md5(t::text || '{salt}') LIMIT 1",
            r => Enumerable.Range(0, r.FieldCount).Select(r.GetInt32).ToArray());
        return rows.Count == 0 ? null : rows[0];
    }

    private async Task<T> SqlAsync<T>(string sql) => (await fixture.SqlAsync<T>(sql)).Single();

    private static string Id(string type, int id) => GlobalId.Encode(type, id);

    private string CodeOf(int areaId) => codes![areaId];
}

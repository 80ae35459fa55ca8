using System.Globalization;

namespace GeoHub.Tests.Maps;

/// <summary>
/// The seed's table (BRIEF.md), counted with plain SQL over the loaded demo map as of 2019-06-30,
/// plus the geometry promises: containment, no overlapping compounds, valid polygons.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class DemoMapFigureTests(GeoHubFixture fixture)
{
    private const string ActiveOrg = "o.formed_on <= DATE '2019-06-30' AND (o.dissolved_on IS NULL OR o.dissolved_on > DATE '2019-06-30')";
    private const string ActiveCommittee = "c.formed_on <= DATE '2019-06-30' AND (c.dissolved_on IS NULL OR c.dissolved_on > DATE '2019-06-30')";
    private const string ActiveSeat = "s.\"from\" <= DATE '2019-06-30' AND (s.until IS NULL OR s.until > DATE '2019-06-30')";
    private const string ActiveRole = "r.\"from\" <= DATE '2019-06-30' AND (r.until IS NULL OR r.until > DATE '2019-06-30')";
    private const string ActiveCover = "oc.covered_from <= DATE '2019-06-30' AND (oc.covered_until IS NULL OR oc.covered_until > DATE '2019-06-30')";

    private async Task<decimal> ScalarAsync(string sql)
    {
        await using var command = fixture.DataSource.CreateCommand(sql);
        return Convert.ToDecimal(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Covered(string day) => $"""
        SELECT count(DISTINCT oc.compound_id) FROM organization_compounds oc JOIN party_organizations o ON o.id = oc.organization_id
        WHERE oc.covered_from <= DATE '{day}' AND (oc.covered_until IS NULL OR oc.covered_until > DATE '{day}')
          AND o.formed_on <= DATE '{day}' AND (o.dissolved_on IS NULL OR o.dissolved_on > DATE '{day}')
        """;

    [Fact]
    public async Task Should_have_1469_compounds_in_132_communities()
    {
        Assert.Equal(1469, await ScalarAsync("SELECT count(*) FROM compounds"));
        Assert.Equal(132, await ScalarAsync("SELECT count(*) FROM areas WHERE level = 'Community'"));
    }

    [Fact]
    public async Task Should_cover_every_compound_by_mid_2019_and_far_fewer_at_end_of_2017()
    {
        Assert.Equal(1469, await ScalarAsync(Covered("2019-06-30")));
        var early = await ScalarAsync(Covered("2017-12-31"));
        Assert.InRange(early, 0.3m * 1469, 0.5m * 1469);
    }

    [Fact]
    public async Task Should_have_1250_active_organisations_standalone_and_joint()
    {
        Assert.Equal(1250, await ScalarAsync($"SELECT count(*) FROM party_organizations o WHERE {ActiveOrg}"));
        Assert.True(await ScalarAsync($"SELECT count(*) FROM party_organizations o WHERE {ActiveOrg} AND formation = 'Joint'") > 0);
        Assert.Equal(0, await ScalarAsync($"""
            SELECT count(*) FROM party_organizations o WHERE {ActiveOrg} AND formation = 'Joint'
              AND (SELECT count(*) FROM organization_compounds oc WHERE oc.organization_id = o.id AND {ActiveCover}) < 2
            """));
    }

    [Fact]
    public async Task Should_fund_changting_104_branches_with_3000_yuan_each()
    {
        const string changting = """
            FROM party_organizations o JOIN areas a ON a.id = o.community_id
            WHERE a.path LIKE (SELECT path FROM areas WHERE code = '350821') || '%'
            """;
        Assert.Equal(104, await ScalarAsync($"SELECT count(*) {changting} AND {ActiveOrg}"));
        Assert.Equal(312_000, await ScalarAsync($"SELECT sum(startup_funding_yuan) {changting} AND {ActiveOrg}"));
        Assert.Equal(0, await ScalarAsync($"SELECT count(*) {changting} AND {ActiveOrg} AND startup_funding_yuan <> 3000"));
    }

    [Fact]
    public async Task Should_fund_caoxi_organisations_by_member_count()
    {
        const string caoxi = $"""
            WITH org AS (
              SELECT o.id, o.startup_funding_yuan,
                (SELECT count(*) FROM organization_compounds oc JOIN party_members m ON m.compound_id = oc.compound_id
                 WHERE oc.organization_id = o.id AND {ActiveCover}) AS members
              FROM party_organizations o JOIN areas a ON a.id = o.community_id
              WHERE a.path LIKE (SELECT path FROM areas WHERE code = '350802006000') || '%' AND {ActiveOrg})
            """;
        Assert.Equal(0, await ScalarAsync($"{caoxi} SELECT count(*) FROM org WHERE startup_funding_yuan <> CASE WHEN members >= 100 THEN 5000 ELSE 3000 END"));
        Assert.True(await ScalarAsync($"{caoxi} SELECT count(*) FROM org WHERE members >= 100") > 0);
        Assert.True(await ScalarAsync($"{caoxi} SELECT count(*) FROM org WHERE members < 100") > 0);
    }

    [Fact]
    public async Task Should_have_37455_in_service_members_reported_back_and_some_later()
    {
        Assert.Equal(37455, await ScalarAsync("SELECT count(*) FROM party_members WHERE category = 'InService' AND reported_on <= DATE '2019-06-30'"));
        Assert.True(await ScalarAsync("SELECT count(*) FROM party_members WHERE category = 'InService' AND reported_on > DATE '2019-06-30'") > 0);
        Assert.InRange(await ScalarAsync("SELECT count(*) FROM party_members"), 45_000, 55_000);
        Assert.Equal(6, await ScalarAsync("SELECT count(DISTINCT category) FROM party_members"));
    }

    [Theory]
    [InlineData("Department", 2)]
    [InlineData("Division", 161)]
    [InlineData("Section", 1228)]
    public async Task Should_count_cadres_serving_by_rank(string rank, int expected)
    {
        Assert.Equal(expected, await ScalarAsync($"""
            SELECT count(*) FROM party_members m WHERE m.cadre_rank = '{rank}' AND (
              EXISTS (SELECT 1 FROM party_roles r WHERE r.member_id = m.id AND {ActiveRole})
              OR EXISTS (SELECT 1 FROM committee_seats s WHERE s.party_member_id = m.id AND {ActiveSeat}))
            """));
    }

    [Fact]
    public async Task Should_have_489_red_committees_and_925_party_member_seats_593_in_service()
    {
        Assert.Equal(489, await ScalarAsync($"""
            SELECT count(*) FROM owners_committees c WHERE {ActiveCommittee} AND c.formed_under_party_lead
              AND EXISTS (SELECT 1 FROM committee_seats s WHERE s.committee_id = c.id AND s.party_member_id IS NOT NULL AND {ActiveSeat})
            """));
        const string seats = $"FROM committee_seats s JOIN owners_committees c ON c.id = s.committee_id JOIN party_members m ON m.id = s.party_member_id WHERE {ActiveSeat} AND {ActiveCommittee}";
        Assert.Equal(925, await ScalarAsync($"SELECT count(*) {seats}"));
        Assert.Equal(593, await ScalarAsync($"SELECT count(*) {seats} AND m.category = 'InService'"));
        Assert.True(await ScalarAsync($"SELECT count(*) FROM owners_committees c WHERE {ActiveCommittee} AND NOT c.formed_under_party_lead") > 0);
        Assert.True(await ScalarAsync($"SELECT count(*) FROM owners_committees c WHERE {ActiveCommittee} AND NOT EXISTS (SELECT 1 FROM committee_seats s WHERE s.committee_id = c.id AND s.party_member_id IS NOT NULL)") > 0);
    }

    [Fact]
    public async Task Should_have_91_secretaries_as_directors_among_387_cross_appointed()
    {
        const string leads = $"""
            EXISTS (SELECT 1 FROM party_roles r JOIN organization_compounds oc ON oc.organization_id = r.organization_id
                    WHERE r.member_id = s.party_member_id AND oc.compound_id = c.compound_id AND {ActiveRole} AND {ActiveCover} AND r.kind IN
            """;
        Assert.Equal(91, await ScalarAsync($"""
            SELECT count(*) FROM committee_seats s JOIN owners_committees c ON c.id = s.committee_id
            WHERE s.role = 'Director' AND {ActiveSeat} AND {leads} ('Secretary'))
            """));
        Assert.Equal(387, await ScalarAsync($"""
            SELECT count(DISTINCT s.party_member_id) FROM committee_seats s JOIN owners_committees c ON c.id = s.committee_id
            WHERE {ActiveSeat} AND {leads} ('Secretary', 'FirstSecretary', 'DeputySecretary', 'CommitteeMember'))
            """));
    }

    [Fact]
    public async Task Should_count_co_building_as_of_mid_2019()
    {
        Assert.Equal(890, await ScalarAsync("SELECT count(*) FROM agreements WHERE signed_on <= DATE '2019-06-30' AND (ended_on IS NULL OR ended_on > DATE '2019-06-30')"));
        Assert.Equal(4491, await ScalarAsync("SELECT count(*) FROM activities WHERE held_on <= DATE '2019-06-30'"));
        Assert.Equal(2770, await ScalarAsync("SELECT count(*) FROM projects WHERE launched_on <= DATE '2019-06-30'"));
        Assert.Equal(2533, await ScalarAsync("SELECT count(*) FROM projects WHERE completed_on <= DATE '2019-06-30'"));
        Assert.True(await ScalarAsync("SELECT count(*) FROM agreements WHERE signed_on > DATE '2019-06-30'") > 0);
    }

    [Fact]
    public async Task Should_have_26900_sqm_of_xinluo_office_space_added_in_the_year_to_mid_2019()
    {
        Assert.Equal(26_900, await ScalarAsync("""
            SELECT sum(s.floor_area_sqm) FROM office_spaces s JOIN areas a ON a.id = s.area_id
            WHERE a.path LIKE (SELECT path FROM areas WHERE code = '350802') || '%' AND s.added_on BETWEEN DATE '2018-07-01' AND DATE '2019-06-30'
            """));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM office_spaces WHERE floor_area_sqm NOT BETWEEN 20 AND 300"));
        Assert.True(await ScalarAsync("SELECT count(*) FROM office_spaces WHERE assigned_on IS NULL") > 0);
    }

    [Fact]
    public async Task Should_hold_most_organisations_to_the_2018_meeting_minimums()
    {
        var (total, compliant) = (await ScalarAsync(Meetings2018("count(*)")), await ScalarAsync(Meetings2018("count(*) FILTER (WHERE bc >= 4 AND pg >= 4 AND ga >= 1 AND pl >= 1)")));
        Assert.InRange(compliant / total, 0.8m, 0.95m);
        Assert.True(await ScalarAsync("SELECT count(*) FROM meetings WHERE held_on BETWEEN DATE '2019-01-01' AND DATE '2019-06-30'") > 1000);
    }

    private static string Meetings2018(string aggregate) => $"""
        WITH y AS (
          SELECT o.id,
            count(*) FILTER (WHERE m.kind = 'BranchCommittee') AS bc, count(*) FILTER (WHERE m.kind = 'PartyGroup') AS pg,
            count(*) FILTER (WHERE m.kind = 'GeneralAssembly') AS ga, count(*) FILTER (WHERE m.kind = 'PartyLecture') AS pl
          FROM party_organizations o
          LEFT JOIN meetings m ON m.organization_id = o.id AND m.held_on BETWEEN DATE '2018-01-01' AND DATE '2018-12-31'
          WHERE o.formed_on <= DATE '2018-01-01' AND (o.dissolved_on IS NULL OR o.dissolved_on > DATE '2018-12-31')
          GROUP BY o.id)
        SELECT {aggregate} FROM y
        """;

    [Fact]
    public async Task Should_nest_every_area_and_compound_inside_its_parent()
    {
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM compounds c JOIN areas a ON a.id = c.community_id WHERE NOT ST_Within(c.boundary, a.boundary)"));
        Assert.Equal(0, await ScalarAsync("""
            SELECT count(*) FROM areas child JOIN areas parent ON parent.id = child.parent_id
            WHERE child.level IN ('Community', 'Street', 'District') AND NOT ST_CoveredBy(child.boundary, parent.boundary)
            """));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM areas child JOIN areas parent ON parent.id = child.parent_id WHERE child.level IN ('Community', 'Street') AND NOT ST_Within(child.boundary, parent.boundary)"));
    }

    [Fact]
    public async Task Should_keep_compounds_apart_valid_and_of_plausible_size()
    {
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM compounds a JOIN compounds b ON a.id < b.id AND ST_Intersects(a.boundary, b.boundary)"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM compounds WHERE households NOT BETWEEN 50 AND 3000"));
        Assert.Equal(0, await ScalarAsync("SELECT (SELECT count(*) FROM areas WHERE NOT ST_IsValid(boundary)) + (SELECT count(*) FROM compounds WHERE NOT ST_IsValid(boundary))"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM compounds c WHERE c.households <> (SELECT sum(st.households) FROM buildings b JOIN stairwells st ON st.building_id = b.id WHERE b.compound_id = c.id)"));
        Assert.Equal(1469, await ScalarAsync("SELECT count(DISTINCT name) FROM compounds"));
    }

    [Fact]
    public async Task Should_contain_the_seeds_named_places()
    {
        Assert.Equal(3, await ScalarAsync("""
            SELECT count(*) FROM compounds c JOIN areas a ON a.id = c.community_id
            WHERE c.name IN ('龙岩市科技局宿舍楼小区', '恒兴绿景小区', '华泰小区') AND a.path LIKE '350800/350802/%'
            """));
        Assert.Equal(26, await ScalarAsync("""
            SELECT st.households FROM compounds c JOIN buildings b ON b.compound_id = c.id JOIN stairwells st ON st.building_id = b.id
            WHERE c.name = '恒兴绿景小区' AND b.name = '5号楼' AND st.name = 'B梯'
            """));
        Assert.Equal(1, await ScalarAsync($"""
            SELECT count(*) FROM party_roles r JOIN party_members m ON m.id = r.member_id
              JOIN organization_compounds oc ON oc.organization_id = r.organization_id JOIN compounds c ON c.id = oc.compound_id
            WHERE c.name = '华泰小区' AND m.name = '王鲁' AND r.kind = 'Secretary' AND {ActiveRole}
            """));
    }
}

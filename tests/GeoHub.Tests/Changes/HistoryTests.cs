using System.Text.Json;
using GeoHub.Coverage;

namespace GeoHub.Tests.Changes;

/// <summary>
/// A run of writes of every kind, dated today, leaves every earlier day's figures as they were
/// (each area's coverage at several days, snapshotted before): history changes only forward.
/// The seed's table as of 2019-06-30 is checked against the source's own figures after the run.
/// </summary>
[Collection(WritesDatabase.Name)]
public sealed class HistoryTests(WritesFixture fixture)
{
    private static readonly object Point = new { type = "Point", coordinates = new[] { 117.03, 25.09 } };

    private static readonly DateOnly[] Days = [new(2016, 12, 31), new(2018, 6, 30), new(2019, 6, 30), new(2020, 1, 1), WritesFixture.Today.AddDays(-15)];

    private async Task<string> SnapshotAsync()
    {
        var areas = await fixture.SqlAsync<int>("SELECT id FROM areas ORDER BY id");
        var parts = new List<string>();
        foreach (var day in Days)
        {
            var figures = await CoverageRollup.ComputeAsync(fixture.DataSource, areas, day);
            parts.Add(WritesFixture.Day(day) + " " + JsonSerializer.Serialize(figures.OrderBy(f => f.Key).ToList()));
        }

        return string.Join("\n", parts);
    }

    [Fact]
    public async Task Writes_dated_today_leave_every_earlier_day_unchanged()
    {
        var before = await SnapshotAsync();
        var today = await CoverageRollup.ComputeAsync(fixture.DataSource, [1], WritesFixture.Today);
        await RunWritesAsync();
        Assert.Equal(before, await SnapshotAsync());

        // The seed's table (BRIEF.md), as of 2019-06-30, after the run.
        var city = (await CoverageRollup.ComputeAsync(fixture.DataSource, [1], new DateOnly(2019, 6, 30)))[1];
        Assert.Equal((1469, 1469, 1250, 37455, 489, 925, 593, 91, 387), (city.Compounds, city.CompoundsCovered, city.PartyOrganizations.Total,
            city.InServiceMembersReported, city.OwnersCommittees.Red, city.OwnersCommittees.PartyMemberSeats, city.OwnersCommittees.InServicePartyMemberSeats,
            city.OwnersCommittees.SecretariesAsDirectors, city.OwnersCommittees.CrossAppointed));

        // Today's figures moved by what was written (counted here with SQL of the test's own).
        var after = (await CoverageRollup.ComputeAsync(fixture.DataSource, [1], WritesFixture.Today))[1];
        var reportedToday = await fixture.ScalarAsync<long>("""
            SELECT count(*) FROM party_members WHERE category = 'InService' AND reported_on <= @today
              AND (registered_on IS NULL OR registered_on <= @today) AND (left_on IS NULL OR left_on > @today)
            """, ("today", WritesFixture.Today));
        Assert.Equal(reportedToday, after.InServiceMembersReported);
        var agreementsToday = await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM agreements WHERE signed_on <= @today AND (ended_on IS NULL OR ended_on > @today)", ("today", WritesFixture.Today));
        Assert.Equal(agreementsToday, after.CoBuilding.Agreements);
        Assert.NotEqual(JsonSerializer.Serialize(today[1]), JsonSerializer.Serialize(after));
    }

    private async Task RunWritesAsync()
    {
        var on = WritesFixture.TodayText;
        var (compound, community) = (await fixture.SqlAsync(
            "SELECT c.id, a.code FROM compounds c JOIN areas a ON a.id = c.community_id ORDER BY c.id OFFSET 600 LIMIT 1", r => (r.GetInt32(0), r.GetString(1)))).Single();
        var compoundId = WritesFixture.Id("Compound", compound);
        var unit = WritesFixture.Id("CoBuildingUnit", await fixture.ScalarAsync<int>("SELECT id FROM co_building_units ORDER BY id OFFSET 30 LIMIT 1"));
        var member = (await fixture.MutateOkAsync("reportBack", new { member = new { name = "历史测试", cadreRank = "DIVISION" }, compoundId, on = WritesFixture.Day(WritesFixture.Today.AddDays(-2)) }, "member { id version }"))
            .GetProperty("member");
        await fixture.MutateOkAsync("signAgreement", new { unitId = unit, compoundId, title = "历史测试协议", on }, "agreement { id }");
        var project = (await fixture.MutateOkAsync("launchProject", new { unitId = unit, communityCode = community, name = "历史测试项目", budgetYuan = 20000, on }, "project { id version }"))
            .GetProperty("project");
        await fixture.MutateOkAsync("completeProject", new { id = project.GetProperty("id").GetString(), version = project.GetProperty("version").GetInt32(), on }, "project { completedOn }");
        await fixture.MutateOkAsync("recordActivity", new { unitId = unit, compoundId, title = "历史测试活动", participants = 30, on }, "activity { id }");
        var organization = await fixture.SqlAsync("""
            SELECT o.id, o.version FROM organization_compounds oc JOIN party_organizations o ON o.id = oc.organization_id
            WHERE oc.compound_id = @c AND oc.covered_until IS NULL
            """, r => (r.GetInt32(0), r.GetInt32(1)), ("c", compound));
        var (organizationId, organizationVersion) = organization.Single();
        await fixture.MutateOkAsync("recordMeeting", new { organizationId = WritesFixture.Id("PartyOrganization", organizationId), kind = "BRANCH_COMMITTEE", on }, "meeting { id }");
        await fixture.MutateOkAsync("appointRole", new
        {
            memberId = member.GetProperty("id").GetString(),
            organizationId = WritesFixture.Id("PartyOrganization", organizationId),
            kind = "COMMITTEE_MEMBER",
            on,
        }, "role { id }");
        var committee = await fixture.SqlAsync("SELECT id FROM owners_committees WHERE compound_id = @c AND dissolved_on IS NULL", r => r.GetInt32(0), ("c", compound));
        if (committee.Count == 1)
        {
            await fixture.MutateOkAsync("seatCommitteeMember", new
            {
                committeeId = WritesFixture.Id("OwnersCommittee", committee[0]),
                role = "MEMBER",
                memberId = member.GetProperty("id").GetString(),
                on,
            }, "seat { id }");
        }

        var other = await fixture.ScalarAsync<int>("SELECT id FROM compounds WHERE id <> @c ORDER BY id OFFSET 700 LIMIT 1", ("c", compound));
        var memberVersion = await fixture.ScalarAsync<int>("SELECT version FROM party_members WHERE name = '历史测试' AND registered_on IS NOT NULL AND left_on IS NULL");
        await fixture.MutateOkAsync("moveMember", new { memberId = member.GetProperty("id").GetString(), version = memberVersion, compoundId = WritesFixture.Id("Compound", other), on }, "member { id }");
        await fixture.MutateOkAsync("dissolvePartyOrganization", new { id = WritesFixture.Id("PartyOrganization", organizationId), version = organizationVersion + 0, on }, "organization { id }");
        await fixture.MutateOkAsync("formPartyOrganization", new { communityCode = community, name = "历史测试党支部", kind = "BRANCH", compoundIds = new[] { compoundId }, startupFundingYuan = 3000, on },
            "organization { id }");
        var venue = (await fixture.MutateOkAsync("addVenue", new
        {
            name = "历史测试阵地",
            level = "COMPOUND",
            compoundId,
            location = Point,
            floorAreaSqm = 120,
            capacity = 40,
            on = WritesFixture.Day(WritesFixture.Today.AddDays(-1)),
        }, "venue { id version }")).GetProperty("venue");
        await fixture.MutateOkAsync("closeVenue", new { id = venue.GetProperty("id").GetString(), version = venue.GetProperty("version").GetInt32(), on }, "venue { closedOn }");
        var space = (await fixture.MutateOkAsync("addOfficeSpace", new
        {
            name = "历史测试用房",
            areaCode = community,
            location = Point,
            floorAreaSqm = 60,
            source = "PROPERTY_ROOM",
            on,
        }, "officeSpace { id version }")).GetProperty("officeSpace");
        await fixture.MutateOkAsync("assignOfficeSpace", new
        {
            id = space.GetProperty("id").GetString(),
            version = space.GetProperty("version").GetInt32(),
            organizationId = WritesFixture.Id("PartyOrganization", organizationId),
            on,
        }, "officeSpace { assignedOn }");
        await fixture.MutateOkAsync("addCoBuildingUnit", new
        {
            name = "历史测试单位",
            kind = "ENTERPRISE",
            areaCode = community,
            location = Point,
            on,
        }, "unit { id }");
    }
}

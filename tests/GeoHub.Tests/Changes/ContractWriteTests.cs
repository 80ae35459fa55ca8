using System.Text.Json;

namespace GeoHub.Tests.Changes;

/// <summary>
/// The operations of operations/record-changes.graphql, sent exactly as written, as a community
/// officer would: each answer and each row is checked with SQL written here.
/// </summary>
[Collection(WritesDatabase.Name)]
public sealed class ContractWriteTests(WritesFixture fixture)
{
    private static readonly string Operations = File.ReadAllText(Path.Combine(RepoPaths.Root, "operations", "writes", "record-changes.graphql"));

    private async Task<JsonElement> SendAsync(string operation, object input)
    {
        var answer = await fixture.Writer().PostAsync(Operations, new { input }, operation);
        Assert.False(answer.TryGetProperty("errors", out var errors), $"{operation}: {errors}");
        return answer.GetProperty("data");
    }

    [Fact]
    public async Task ReportBack_registers_a_new_in_service_member_in_their_compound_and_building()
    {
        var (compound, building) = (await fixture.SqlAsync("SELECT compound_id, id FROM buildings WHERE compound_id = 101 ORDER BY id LIMIT 1",
            r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        var data = await SendAsync("ReportBack", new
        {
            member = new { name = "林晓", cadreRank = "SECTION", workUnit = "龙岩市科技局" },
            compoundId = WritesFixture.Id("Compound", compound),
            buildingId = WritesFixture.Id("Building", building),
            on = WritesFixture.TodayText,
        });
        var member = data.GetProperty("reportBack").GetProperty("member");
        Assert.Equal("IN_SERVICE", member.GetProperty("category").GetString());
        Assert.Equal(WritesFixture.TodayText, member.GetProperty("reportedOn").GetString());
        Assert.Equal(WritesFixture.Id("Compound", compound), member.GetProperty("compound").GetProperty("id").GetString());
        var row = (await fixture.SqlAsync(
            "SELECT category, cadre_rank, compound_id, building_id, reported_on, registered_on FROM party_members WHERE name = '林晓' AND work_unit = '龙岩市科技局' AND registered_on IS NOT NULL",
            r => (r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetFieldValue<DateOnly>(4), r.GetFieldValue<DateOnly>(5)))).Single();
        Assert.Equal(("InService", "Section", compound, building, WritesFixture.Today, WritesFixture.Today), row);
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM changes WHERE operation = 'reportBack' AND after->>'work_unit' = '龙岩市科技局'"));
    }

    [Fact]
    public async Task SignAgreement_then_EndAgreement_with_the_version_read()
    {
        var unit = await fixture.ScalarAsync<int>("SELECT min(id) FROM co_building_units");
        var community = await fixture.ScalarAsync<string>("SELECT a.code FROM areas a JOIN compounds c ON c.community_id = a.id WHERE c.id = 202");
        var signed = (await SendAsync("SignAgreement", new
        {
            unitId = WritesFixture.Id("CoBuildingUnit", unit),
            communityCode = community,
            title = "共建协议（测试）",
            on = WritesFixture.Day(WritesFixture.Today.AddDays(-3)),
        })).GetProperty("signAgreement").GetProperty("agreement");
        Assert.Equal(community, signed.GetProperty("community").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, signed.GetProperty("compound").ValueKind);
        Assert.Equal(JsonValueKind.Null, signed.GetProperty("endedOn").ValueKind);
        var id = signed.GetProperty("id").GetString()!;
        var (dbId, version) = (await fixture.SqlAsync("SELECT id, version FROM agreements WHERE title = '共建协议（测试）'", r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        Assert.Equal(WritesFixture.Id("Agreement", dbId), id);

        var ended = (await SendAsync("EndAgreement", new { id, on = WritesFixture.TodayText, version }))
            .GetProperty("endAgreement").GetProperty("agreement");
        Assert.Equal(WritesFixture.TodayText, ended.GetProperty("endedOn").GetString());
        Assert.Equal(WritesFixture.Today, await fixture.ScalarAsync<DateOnly>("SELECT ended_on FROM agreements WHERE id = @id", ("id", dbId)));
        Assert.Equal(version + 1, await fixture.ScalarAsync<int>("SELECT version FROM agreements WHERE id = @id", ("id", dbId)));
    }

    [Fact]
    public async Task FormPartyOrganization_joint_over_two_compounds_after_their_old_coverage_stops()
    {
        // Two compounds of one community, released from the organisations that cover them today.
        var pair = await fixture.SqlAsync("""
            SELECT c.id, oc.organization_id, o.version FROM compounds c
            JOIN organization_compounds oc ON oc.compound_id = c.id AND oc.covered_until IS NULL
            JOIN party_organizations o ON o.id = oc.organization_id AND o.formation = 'Standalone'
            WHERE c.community_id = (SELECT community_id FROM compounds WHERE id = 303)
            ORDER BY c.id LIMIT 2
            """, r => (Compound: r.GetInt32(0), Organization: r.GetInt32(1), Version: r.GetInt32(2)));
        Assert.Equal(2, pair.Count);
        foreach (var (compound, organization, version) in pair)
        {
            await fixture.MutateOkAsync("dissolvePartyOrganization",
                new { id = WritesFixture.Id("PartyOrganization", organization), version, on = WritesFixture.TodayText }, "organization { dissolvedOn }");
        }

        var community = await fixture.ScalarAsync<string>("SELECT a.code FROM areas a JOIN compounds c ON c.community_id = a.id WHERE c.id = @id", ("id", pair[0].Compound));
        var formed = (await SendAsync("FormPartyOrganization", new
        {
            communityCode = community,
            name = "联合党支部（测试）",
            kind = "BRANCH",
            compoundIds = pair.Select(p => WritesFixture.Id("Compound", p.Compound)).ToArray(),
            on = WritesFixture.TodayText,
            startupFundingYuan = 3000,
        })).GetProperty("formPartyOrganization").GetProperty("organization");
        Assert.Equal("JOINT", formed.GetProperty("formation").GetString());
        Assert.Equal(WritesFixture.TodayText, formed.GetProperty("formedOn").GetString());
        Assert.Equal(pair.Select(p => WritesFixture.Id("Compound", p.Compound)).Order(),
            formed.GetProperty("compounds").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order());
        var covering = await fixture.SqlAsync("""
            SELECT o.name FROM organization_compounds oc JOIN party_organizations o ON o.id = oc.organization_id
            WHERE oc.compound_id = ANY(@ids) AND oc.covered_from <= @today AND (oc.covered_until IS NULL OR oc.covered_until > @today)
            """, r => r.GetString(0), ("ids", pair.Select(p => p.Compound).ToArray()), ("today", WritesFixture.Today));
        Assert.Equal(["联合党支部（测试）", "联合党支部（测试）"], covering);
    }

    [Fact]
    public async Task RecordMeeting_adds_a_meeting_held_on_the_day()
    {
        var organization = await fixture.ScalarAsync<int>("SELECT min(id) FROM party_organizations WHERE dissolved_on IS NULL AND id > 900");
        var before = await fixture.ScalarAsync<long>("SELECT count(*) FROM meetings WHERE organization_id = @id", ("id", organization));
        var meeting = (await SendAsync("RecordMeeting", new
        {
            organizationId = WritesFixture.Id("PartyOrganization", organization),
            kind = "PARTY_LECTURE",
            on = WritesFixture.TodayText,
        })).GetProperty("recordMeeting").GetProperty("meeting");
        Assert.Equal("PARTY_LECTURE", meeting.GetProperty("kind").GetString());
        Assert.Equal(WritesFixture.TodayText, meeting.GetProperty("heldOn").GetString());
        Assert.Equal(before + 1, await fixture.ScalarAsync<long>("SELECT count(*) FROM meetings WHERE organization_id = @id", ("id", organization)));
        Assert.Equal("PartyLecture", await fixture.ScalarAsync<string>("SELECT kind FROM meetings WHERE organization_id = @id AND held_on = @today",
            ("id", organization), ("today", WritesFixture.Today)));
    }
}

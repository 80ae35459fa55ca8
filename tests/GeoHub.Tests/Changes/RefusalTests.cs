using System.Text.Json;

namespace GeoHub.Tests.Changes;

/// <summary>
/// Each refusal the issue names: coded, naming its field, and nothing written (every table a
/// write may touch hashed before and after).
/// </summary>
[Collection(WritesDatabase.Name)]
public sealed class RefusalTests(WritesFixture fixture)
{
    private async Task AssertRefusedAsync(string expected, string mutation, object input)
    {
        var before = await fixture.FingerprintAsync();
        var answer = await fixture.MutateAsync(mutation, input);
        Assert.Equal([expected], answer.CodedFields());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("data").ValueKind);
        Assert.Equal(before, await fixture.FingerprintAsync());
    }

    private async Task<(int Unit, string Community)> UnitAndCommunityAsync() =>
        (await fixture.SqlAsync("SELECT (SELECT min(id) FROM co_building_units), (SELECT code FROM areas WHERE level = 'Community' ORDER BY code OFFSET 7 LIMIT 1)",
            r => (r.GetInt32(0), r.GetString(1)))).Single();

    [Fact]
    public async Task A_day_in_the_future_is_refused()
    {
        var (unit, community) = await UnitAndCommunityAsync();
        await AssertRefusedAsync("INVALID_ARGUMENT input.on", "signAgreement", new
        {
            unitId = WritesFixture.Id("CoBuildingUnit", unit),
            communityCode = community,
            title = "明天的协议",
            on = WritesFixture.Day(WritesFixture.Today.AddDays(1)),
        });
    }

    [Fact]
    public async Task A_settled_day_needs_a_reason()
    {
        var (unit, community) = await UnitAndCommunityAsync();
        await AssertRefusedAsync("INVALID_ARGUMENT input.reason", "signAgreement", new
        {
            unitId = WritesFixture.Id("CoBuildingUnit", unit),
            communityCode = community,
            title = "补录协议",
            on = "2019-06-01",
        });
    }

    [Fact]
    public async Task An_end_before_the_start_is_refused_even_as_a_correction()
    {
        var (id, version, signed) = (await fixture.SqlAsync(
            "SELECT id, version, signed_on FROM agreements WHERE ended_on IS NULL AND signed_on > '2019-01-01' ORDER BY id LIMIT 1",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetFieldValue<DateOnly>(2)))).Single();
        await AssertRefusedAsync("INVALID_ARGUMENT input.on", "endAgreement", new
        {
            id = WritesFixture.Id("Agreement", id),
            version,
            on = WritesFixture.Day(signed.AddDays(-1)),
            reason = "测试：早于签订日",
        });
    }

    [Fact]
    public async Task A_second_active_secretary_is_a_conflict()
    {
        var (organization, member) = (await fixture.SqlAsync("""
            SELECT r.organization_id, m.id FROM party_roles r
            JOIN organization_compounds oc ON oc.organization_id = r.organization_id AND oc.covered_until IS NULL
            JOIN party_members m ON m.compound_id = oc.compound_id AND m.id <> r.member_id
            JOIN party_organizations o ON o.id = r.organization_id AND o.dissolved_on IS NULL
            WHERE r.kind = 'Secretary' AND r.until IS NULL ORDER BY r.id DESC LIMIT 1
            """, r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        await AssertRefusedAsync("CONFLICT input.kind", "appointRole", new
        {
            memberId = WritesFixture.Id("PartyMember", member),
            organizationId = WritesFixture.Id("PartyOrganization", organization),
            kind = "SECRETARY",
            on = WritesFixture.TodayText,
        });
    }

    [Fact]
    public async Task A_member_reporting_back_twice_is_a_conflict()
    {
        var (member, compound) = (await fixture.SqlAsync(
            "SELECT id, compound_id FROM party_members WHERE category = 'InService' AND reported_on IS NOT NULL AND left_on IS NULL ORDER BY id DESC LIMIT 1",
            r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        await AssertRefusedAsync("CONFLICT input.memberId", "reportBack", new
        {
            memberId = WritesFixture.Id("PartyMember", member),
            compoundId = WritesFixture.Id("Compound", compound),
            on = WritesFixture.TodayText,
        });
    }

    [Fact]
    public async Task A_seat_for_a_member_of_another_compound_is_refused()
    {
        var (committee, member) = (await fixture.SqlAsync("""
            SELECT c.id, m.id FROM owners_committees c JOIN party_members m ON m.compound_id <> c.compound_id AND m.left_on IS NULL
            WHERE c.dissolved_on IS NULL ORDER BY c.id DESC, m.id LIMIT 1
            """, r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        await AssertRefusedAsync("INVALID_ARGUMENT input.memberId", "seatCommitteeMember", new
        {
            committeeId = WritesFixture.Id("OwnersCommittee", committee),
            role = "MEMBER",
            memberId = WritesFixture.Id("PartyMember", member),
            on = WritesFixture.TodayText,
        });
    }

    [Fact]
    public async Task A_joint_organisation_of_one_compound_is_refused()
    {
        var (compound, community) = (await fixture.SqlAsync(
            "SELECT c.id, a.code FROM compounds c JOIN areas a ON a.id = c.community_id ORDER BY c.id DESC LIMIT 1", r => (r.GetInt32(0), r.GetString(1)))).Single();
        await AssertRefusedAsync("INVALID_ARGUMENT input.compoundIds", "formPartyOrganization", new
        {
            communityCode = community,
            name = "联合党支部",
            kind = "BRANCH",
            formation = "JOINT",
            compoundIds = new[] { WritesFixture.Id("Compound", compound) },
            startupFundingYuan = 3000,
            on = WritesFixture.TodayText,
        });
    }

    [Fact]
    public async Task A_compound_covered_by_another_organisation_is_a_conflict()
    {
        var (compound, community) = (await fixture.SqlAsync(
            "SELECT c.id, a.code FROM compounds c JOIN areas a ON a.id = c.community_id ORDER BY c.id DESC OFFSET 3 LIMIT 1", r => (r.GetInt32(0), r.GetString(1)))).Single();
        await AssertRefusedAsync("CONFLICT input.compoundIds", "formPartyOrganization", new
        {
            communityCode = community,
            name = "小区党支部",
            kind = "BRANCH",
            compoundIds = new[] { WritesFixture.Id("Compound", compound) },
            startupFundingYuan = 3000,
            on = WritesFixture.TodayText,
        });
    }

    [Fact]
    public async Task A_stale_version_is_refused()
    {
        var (id, version) = (await fixture.SqlAsync("SELECT id, version FROM projects WHERE completed_on IS NULL ORDER BY id LIMIT 1", r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        await AssertRefusedAsync("STALE_VERSION input.version", "completeProject", new { id = WritesFixture.Id("Project", id), version = version + 5, on = WritesFixture.TodayText });
    }

    [Fact]
    public async Task A_record_outside_the_map_is_not_found()
    {
        await AssertRefusedAsync("NOT_FOUND input.organizationId", "recordMeeting", new
        {
            organizationId = WritesFixture.Id("PartyOrganization", 999_999),
            kind = "BRANCH_COMMITTEE",
            on = WritesFixture.TodayText,
        });
    }
}

namespace GeoHub.Tests.Changes;

/// <summary>
/// 20 writers at once, each wanting what only one may have: the database's constraints (and the
/// version check's row lock) let exactly one through, and every other one gets its coded refusal.
/// </summary>
[Collection(WritesDatabase.Name)]
public sealed class ConcurrencyTests(WritesFixture fixture)
{
    private const int Writers = 20;

    private async Task<List<IReadOnlyList<string>>> RaceAsync(Func<int, (string Mutation, object Input)> writer)
    {
        var clients = Enumerable.Range(0, Writers).Select(_ => fixture.Writer()).ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, Writers).Select(async i =>
        {
            var (mutation, input) = writer(i);
            await start.WaitAsync();
            return (await fixture.MutateAsync(mutation, input, client: clients[i])).CodedFields();
        }).ToList();
        start.Release(Writers);
        var outcomes = (await Task.WhenAll(tasks)).ToList();
        clients.ForEach(c => c.Dispose());
        return outcomes;
    }

    [Fact]
    public async Task Twenty_reports_of_one_member_write_one()
    {
        var compound = await fixture.ScalarAsync<int>("SELECT id FROM compounds ORDER BY id OFFSET 40 LIMIT 1");
        var registered = await fixture.MutateOkAsync("registerMember", new
        {
            compoundId = WritesFixture.Id("Compound", compound),
            member = new { name = "并发测试", category = "IN_SERVICE" },
            on = WritesFixture.TodayText,
        }, "member { id }");
        var member = registered.GetProperty("member").GetProperty("id").GetString();
        var outcomes = await RaceAsync(_ => ("reportBack", new { memberId = member, compoundId = WritesFixture.Id("Compound", compound), on = WritesFixture.TodayText }));
        Assert.Equal(1, outcomes.Count(o => o.Count == 0));
        Assert.All(outcomes.Where(o => o.Count > 0), o => Assert.Equal(["CONFLICT input.memberId"], o));
        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            "SELECT count(*) FROM changes WHERE operation = 'reportBack' AND entity_id = (SELECT id FROM party_members WHERE name = '并发测试' AND registered_on IS NOT NULL)"));
    }

    [Fact]
    public async Task Twenty_secretaries_appointed_to_one_organisation_seat_one()
    {
        // An organisation whose secretary's role ends today, and twenty of its residents.
        var (organization, role, version) = (await fixture.SqlAsync("""
            SELECT r.organization_id, r.id, r.version FROM party_roles r JOIN party_organizations o ON o.id = r.organization_id AND o.dissolved_on IS NULL
            WHERE r.kind = 'Secretary' AND r.until IS NULL
              AND (SELECT count(*) FROM organization_compounds oc JOIN party_members m ON m.compound_id = oc.compound_id
                   WHERE oc.organization_id = r.organization_id AND oc.covered_until IS NULL) >= 20
            ORDER BY r.id LIMIT 1 OFFSET 5
            """, r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)))).Single();
        await fixture.MutateOkAsync("endRole", new { id = WritesFixture.Id("PartyRole", role), version, on = WritesFixture.TodayText }, "role { until }");
        var members = await fixture.SqlAsync("""
            SELECT m.id FROM organization_compounds oc JOIN party_members m ON m.compound_id = oc.compound_id
            WHERE oc.organization_id = @organization AND oc.covered_until IS NULL ORDER BY m.id LIMIT 20
            """, r => r.GetInt32(0), ("organization", organization));
        var outcomes = await RaceAsync(i => ("appointRole", new
        {
            memberId = WritesFixture.Id("PartyMember", members[i]),
            organizationId = WritesFixture.Id("PartyOrganization", organization),
            kind = "SECRETARY",
            on = WritesFixture.TodayText,
        }));
        Assert.Equal(1, outcomes.Count(o => o.Count == 0));
        Assert.All(outcomes.Where(o => o.Count > 0), o => Assert.Equal(["CONFLICT input.kind"], o));
        Assert.Equal(1L, await fixture.ScalarAsync<long>(
            """SELECT count(*) FROM party_roles WHERE organization_id = @organization AND kind = 'Secretary' AND "from" <= @today AND (until IS NULL OR until > @today)""",
            ("organization", organization), ("today", WritesFixture.Today)));
    }

    [Fact]
    public async Task Twenty_ends_of_one_agreement_with_the_same_version_end_it_once()
    {
        var (id, version) = (await fixture.SqlAsync("SELECT id, version FROM agreements WHERE ended_on IS NULL ORDER BY id DESC OFFSET 10 LIMIT 1",
            r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        var outcomes = await RaceAsync(_ => ("endAgreement", new { id = WritesFixture.Id("Agreement", id), version, on = WritesFixture.TodayText }));
        Assert.Equal(1, outcomes.Count(o => o.Count == 0));
        Assert.All(outcomes.Where(o => o.Count > 0), o => Assert.Equal(["STALE_VERSION input.version"], o));
        Assert.Equal(version + 1, await fixture.ScalarAsync<int>("SELECT version FROM agreements WHERE id = @id", ("id", id)));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM changes WHERE operation = 'endAgreement' AND entity_id = @id", ("id", id)));
    }

    [Fact]
    public async Task Twenty_committees_formed_for_one_compound_form_one()
    {
        // A compound whose committee is dissolved today first, so that a new one may be formed.
        var (committee, compound, version) = (await fixture.SqlAsync(
            "SELECT id, compound_id, version FROM owners_committees WHERE dissolved_on IS NULL ORDER BY id DESC OFFSET 20 LIMIT 1",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)))).Single();
        await fixture.MutateOkAsync("dissolveOwnersCommittee", new { id = WritesFixture.Id("OwnersCommittee", committee), version, on = WritesFixture.Day(WritesFixture.Today.AddDays(-1)) }, "committee { dissolvedOn }");
        var outcomes = await RaceAsync(i => ("formOwnersCommittee", new
        {
            compoundId = WritesFixture.Id("Compound", compound),
            name = $"第二届业委会 {i}",
            formedUnderPartyLead = true,
            on = WritesFixture.TodayText,
        }));
        Assert.Equal(1, outcomes.Count(o => o.Count == 0));
        Assert.All(outcomes.Where(o => o.Count > 0), o => Assert.Equal(["CONFLICT input.compoundId"], o));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM owners_committees WHERE compound_id = @c AND dissolved_on IS NULL", ("c", compound)));
    }
}

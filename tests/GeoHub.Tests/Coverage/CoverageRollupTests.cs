using GeoHub.Areas;
using GeoHub.Coverage;
using static GeoHub.Tests.Coverage.CoverageMap;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// Every figure of <see cref="CoverageRollup"/> over <see cref="CoverageMap"/>, worked out by hand
/// from the tables there. Before = 2018-12-31, After = 2019-06-30.
/// </summary>
[Collection(CoverageDatabase.Name)]
public sealed class CoverageRollupTests(CoverageFixture fixture)
{
    private CoverageMap Map => fixture.Map;

    // Before: covered K1, K2 (O1), K3 (O3, dissolved only 2019-04-01), K5 (O5); K4 has no
    // organisation yet and K6 joins O5 only 2019-04-01.
    // Organisations O1 (J 3000), O3 (S 3000), O5 (J 3000). Reported in-service: M1, M5 (M2 reports
    // 2019-03-01, M3 never). Cadres: M1 division (role and two seats, counted once), M4 department,
    // M5 and M8 section; M3 has neither role nor seat yet.
    // Committees C1, C2, C3, C5, C6: red C1 (M1), C3 (M4), C5 (M5); C2 not under party lead, C6 only
    // an owner seated. Party-member seats M1@C1, M1@C2, M8@C1, M4@C3, M5@C5, in-service M1×2, M5.
    // Secretaries as directors: M1@C1 (O1 covers K1), M4@C3 (O3 covers K3); M5 directs C5 but is
    // only a committee member of O5. Cross-appointed M1 (on C1 and C2, counted once), M8 (deputy
    // secretary of O1, on C1), M4, M5 (committee member of O5, on C5).
    // Co-building: agreements A1, A2 (ends 2019-01-01); activities E1, E3; projects P1, P2, P1 done.
    [Fact]
    public async Task City_before()
    {
        var expected = new CoverageFigures(
            Communities: 3,
            Compounds: 6,
            CompoundsCovered: 4,
            PartyOrganizations: new(Total: 3, Standalone: 1, Joint: 2, StartupFundingYuan: 9000m),
            InServiceMembersReported: 2,
            CadresServing: new(DepartmentLevel: 1, DivisionLevel: 1, SectionLevel: 2),
            OwnersCommittees: new(Red: 3, PartyMemberSeats: 5, InServicePartyMemberSeats: 3, SecretariesAsDirectors: 2, CrossAppointed: 4),
            CoBuilding: new(Agreements: 2, Activities: 2, ProjectsLaunched: 2, ProjectsCompleted: 1));

        var actual = await ComputeOneAsync(Map.City, Before);

        Assert.Equal(expected, actual);
        Assert.Equal(4.0 / 6, actual.CoverageRate, 10);
    }

    // After: K3 is uncovered (O3 dissolved 2019-04-01, its open link does not count); K2 is
    // covered by both O1 (hand-over until 2019-07-01) and O2, counted once; K4 (O4) and K6 (O5)
    // are now covered. Organisations O1, O2 (S 5000), O4 (S 3000), O5; O6 forms only in October.
    // Reported: M1, M2, M5, M7 (on the day itself). Cadres: M1 division; M3 (role and seat, once)
    // and M5 (role; seat ended) section; M4's role and seat and M8's have ended.
    // Committees C1, C2, C4, C5, C6 (C3 dissolved): red C1 (M1), C4 (M7), C5 (M6).
    // Party-member seats M1@C1, M1@C2, M3@C2, M7@C4, M6@C5; in-service all but M6's.
    // Secretaries as directors: M1@C1, M3@C2 (O2 covers K2); M6 directs C5 on K5 but is
    // secretary of O4, which covers K4: not counted. Cross-appointed M1 (once), M3.
    // Co-building: agreements A1, A3 (A2 ended, A4 later); activities E1–E4; projects P1–P3, P1 and P2 done.
    [Fact]
    public async Task City_after()
    {
        var expected = new CoverageFigures(
            Communities: 3,
            Compounds: 6,
            CompoundsCovered: 5,
            PartyOrganizations: new(Total: 4, Standalone: 2, Joint: 2, StartupFundingYuan: 14000m),
            InServiceMembersReported: 4,
            CadresServing: new(DepartmentLevel: 0, DivisionLevel: 1, SectionLevel: 2),
            OwnersCommittees: new(Red: 3, PartyMemberSeats: 5, InServicePartyMemberSeats: 4, SecretariesAsDirectors: 2, CrossAppointed: 2),
            CoBuilding: new(Agreements: 2, Activities: 4, ProjectsLaunched: 3, ProjectsCompleted: 2));

        var actual = await ComputeOneAsync(Map.City, After);

        Assert.Equal(expected, actual);
        Assert.Equal(5.0 / 6, actual.CoverageRate, 10);
    }

    // Xinluo is the city without Changting's Yc1 (K5, K6, O5, M5, M7, C5, C6, A3, E3, P3).
    [Fact]
    public async Task District_before()
    {
        var expected = new CoverageFigures(
            Communities: 2,
            Compounds: 4,
            CompoundsCovered: 3,
            PartyOrganizations: new(Total: 2, Standalone: 1, Joint: 1, StartupFundingYuan: 6000m),
            InServiceMembersReported: 1,
            CadresServing: new(DepartmentLevel: 1, DivisionLevel: 1, SectionLevel: 1),
            OwnersCommittees: new(Red: 2, PartyMemberSeats: 4, InServicePartyMemberSeats: 2, SecretariesAsDirectors: 2, CrossAppointed: 3),
            CoBuilding: new(Agreements: 2, Activities: 1, ProjectsLaunched: 2, ProjectsCompleted: 1));

        Assert.Equal(expected, await ComputeOneAsync(Map.Xinluo, Before));
    }

    [Fact]
    public async Task District_after()
    {
        var expected = new CoverageFigures(
            Communities: 2,
            Compounds: 4,
            CompoundsCovered: 3,
            PartyOrganizations: new(Total: 3, Standalone: 2, Joint: 1, StartupFundingYuan: 11000m),
            InServiceMembersReported: 2,
            CadresServing: new(DepartmentLevel: 0, DivisionLevel: 1, SectionLevel: 1),
            OwnersCommittees: new(Red: 2, PartyMemberSeats: 4, InServicePartyMemberSeats: 4, SecretariesAsDirectors: 2, CrossAppointed: 2),
            CoBuilding: new(Agreements: 1, Activities: 3, ProjectsLaunched: 2, ProjectsCompleted: 2));

        Assert.Equal(expected, await ComputeOneAsync(Map.Xinluo, After));
    }

    // Xc1 holds K1, K2, O1, O2, M1, M2, M3, M8, C1, C2, A1, A4, E1, E2, P1, P2.
    [Fact]
    public async Task Community_before()
    {
        var expected = new CoverageFigures(
            Communities: 1,
            Compounds: 2,
            CompoundsCovered: 2,
            PartyOrganizations: new(Total: 1, Standalone: 0, Joint: 1, StartupFundingYuan: 3000m),
            InServiceMembersReported: 1,
            CadresServing: new(DepartmentLevel: 0, DivisionLevel: 1, SectionLevel: 1),
            OwnersCommittees: new(Red: 1, PartyMemberSeats: 3, InServicePartyMemberSeats: 2, SecretariesAsDirectors: 1, CrossAppointed: 2),
            CoBuilding: new(Agreements: 1, Activities: 1, ProjectsLaunched: 2, ProjectsCompleted: 1));

        Assert.Equal(expected, await ComputeOneAsync(Map.Xc1, Before));
    }

    [Fact]
    public async Task Community_after()
    {
        var expected = new CoverageFigures(
            Communities: 1,
            Compounds: 2,
            CompoundsCovered: 2,
            PartyOrganizations: new(Total: 2, Standalone: 1, Joint: 1, StartupFundingYuan: 8000m),
            InServiceMembersReported: 2,
            CadresServing: new(DepartmentLevel: 0, DivisionLevel: 1, SectionLevel: 1),
            OwnersCommittees: new(Red: 1, PartyMemberSeats: 3, InServicePartyMemberSeats: 3, SecretariesAsDirectors: 2, CrossAppointed: 2),
            CoBuilding: new(Agreements: 1, Activities: 2, ProjectsLaunched: 2, ProjectsCompleted: 2));

        Assert.Equal(expected, await ComputeOneAsync(Map.Xc1, After));
    }

    // Changting after: M6 (registered, not in-service) directs C5 as secretary of Xinluo's O4.
    [Fact]
    public async Task Other_district_after_does_not_count_a_director_who_is_secretary_elsewhere()
    {
        var expected = new CoverageFigures(
            Communities: 1,
            Compounds: 2,
            CompoundsCovered: 2,
            PartyOrganizations: new(Total: 1, Standalone: 0, Joint: 1, StartupFundingYuan: 3000m),
            InServiceMembersReported: 2,
            CadresServing: new(DepartmentLevel: 0, DivisionLevel: 0, SectionLevel: 1),
            OwnersCommittees: new(Red: 1, PartyMemberSeats: 1, InServicePartyMemberSeats: 0, SecretariesAsDirectors: 0, CrossAppointed: 0),
            CoBuilding: new(Agreements: 1, Activities: 1, ProjectsLaunched: 1, ProjectsCompleted: 0));

        Assert.Equal(expected, await ComputeOneAsync(Map.Changting, After));
    }

    [Theory]
    [InlineData(2018, 12, 31)]
    [InlineData(2019, 6, 30)]
    public async Task Many_areas_at_once_equal_one_area_at_a_time(int year, int month, int day)
    {
        var asOf = new DateOnly(year, month, day);
        int[] ids = [Map.City.Id, Map.Xinluo.Id, Map.Dongcheng.Id, Map.Xc1.Id, Map.Xc2.Id, Map.Changting.Id, Map.Yc1.Id];

        var batched = await CoverageRollup.ComputeAsync(fixture.DataSource, ids, asOf);

        Assert.Equal(ids.Order(), batched.Keys.Order());
        foreach (var id in ids)
        {
            var single = await CoverageRollup.ComputeAsync(fixture.DataSource, [id], asOf);
            Assert.Equal(single[id], batched[id]);
        }

        Assert.Equal(2, batched[Map.Dongcheng.Id].Communities);
    }

    [Fact]
    public async Task Unknown_and_repeated_area_ids_are_dropped()
    {
        var figures = await CoverageRollup.ComputeAsync(fixture.DataSource, [Map.Xc1.Id, Map.Xc1.Id, -1], After);

        Assert.Equal([Map.Xc1.Id], figures.Keys);
        Assert.Empty(await CoverageRollup.ComputeAsync(fixture.DataSource, [], After));
    }

    [Fact]
    public async Task Before_anything_was_formed_only_areas_and_compounds_count()
    {
        var figures = await ComputeOneAsync(Map.City, new DateOnly(2000, 1, 1));

        var nothing = new CoverageFigures(3, 6, 0, new(0, 0, 0, 0m), 0, new(0, 0, 0), new(0, 0, 0, 0, 0), new(0, 0, 0, 0));
        Assert.Equal(nothing, figures);
        Assert.Equal(0, figures.CoverageRate);
        Assert.Equal(0, (nothing with { Compounds = 0 }).CoverageRate);
    }

    private async Task<CoverageFigures> ComputeOneAsync(Area area, DateOnly asOf) =>
        (await CoverageRollup.ComputeAsync(fixture.DataSource, [area.Id], asOf))[area.Id];
}

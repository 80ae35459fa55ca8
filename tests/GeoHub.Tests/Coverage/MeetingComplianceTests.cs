using GeoHub.Access;
using GeoHub.Coverage;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// 三会一课 in <see cref="CoverageMap"/>. Meetings held in 2019 (committee, party group, assembly,
/// lecture): O1 4/4/1/1 (plus committee meetings on 2018-12-15 and 2020-01-10), O2 4/3/1/1,
/// O3 1/1/1/1, O4 3/3/1/0, O5 5/4/1/1, O6 1/1/1/1.
/// Required, pro-rated by calendar months active, rounded up (minimum × months / 12):
/// O1, O5 all year 4/4/1/1; O2 formed 1 March, 10 months: 4/4/1/1; O3 dissolved 1 April, 3 months:
/// 1/1/1/1; O4 formed 1 May, 8 months: 3/3/1/1; O6 formed 1 October, 3 months: 1/1/1/1.
/// </summary>
[Collection(CoverageDatabase.Name)]
public sealed class MeetingComplianceTests(CoverageFixture fixture)
{
    private static readonly MeetingCounts FullYear = new(4, 4, 1, 1);
    private static readonly MeetingCounts OneQuarter = new(1, 1, 1, 1);

    private CoverageMap Map => fixture.Map;

    [Fact]
    public async Task City_2019_pro_rates_the_minimums_of_organisations_formed_or_dissolved_in_the_year()
    {
        var rows = await MeetingCompliance.ForAreaAsync(fixture.DataSource, Map.City.Id, 2019, behindOnly: false, Caller.System);

        MeetingComplianceRow[] expected =
        [
            new(Map.O(1).Id, 4, 4, 1, 1, FullYear, Compliant: true),
            new(Map.O(2).Id, 4, 3, 1, 1, FullYear, Compliant: false),
            new(Map.O(3).Id, 1, 1, 1, 1, OneQuarter, Compliant: true),
            new(Map.O(4).Id, 3, 3, 1, 0, new(3, 3, 1, 1), Compliant: false),
            new(Map.O(5).Id, 5, 4, 1, 1, FullYear, Compliant: true),
            new(Map.O(6).Id, 1, 1, 1, 1, OneQuarter, Compliant: true),
        ];
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task Behind_only_keeps_the_non_compliant()
    {
        var rows = await MeetingCompliance.ForAreaAsync(fixture.DataSource, Map.City.Id, 2019, behindOnly: true, Caller.System);

        Assert.Equal([Map.O(2).Id, Map.O(4).Id], rows.Select(r => r.OrganizationId));
    }

    [Fact]
    public async Task Community_lists_only_its_own_organisations()
    {
        var rows = await MeetingCompliance.ForAreaAsync(fixture.DataSource, Map.Yc1.Id, 2019, behindOnly: false, Caller.System);

        Assert.Equal([Map.O(5).Id, Map.O(6).Id], rows.Select(r => r.OrganizationId));
    }

    // 2018 in Xinluo: O1 formed 1 March (10 months: 4/4/1/1) held one committee meeting in
    // December; O3 was active all year and held none; O2 and O4 did not exist yet. Changting's O5,
    // formed 1 June (7 months), owes 3/3/1/1.
    [Fact]
    public async Task District_2018_counts_only_that_years_meetings_and_organisations()
    {
        var rows = await MeetingCompliance.ForAreaAsync(fixture.DataSource, Map.Xinluo.Id, 2018, behindOnly: false, Caller.System);
        var o5 = Assert.Single(await MeetingCompliance.ForAreaAsync(fixture.DataSource, Map.Changting.Id, 2018, behindOnly: false, Caller.System));

        MeetingComplianceRow[] expected =
        [
            new(Map.O(1).Id, 1, 0, 0, 0, FullYear, Compliant: false),
            new(Map.O(3).Id, 0, 0, 0, 0, FullYear, Compliant: false),
        ];
        Assert.Equal(expected, rows);
        Assert.Equal(new MeetingCounts(3, 3, 1, 1), o5.Required);
    }
}

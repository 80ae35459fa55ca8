using GeoHub.Common;
using GeoHub.Coverage;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// Office rooms of <see cref="CoverageMap"/> (area, m², added, assigned):
/// F1 Xc1 100.0 2018-07-01 vacant · F2 Xc1 50.5 2019-01-15 assigned 2019-02-01 ·
/// F3 Xc2 200.0 2019-06-30 assigned a year from today (so vacant today) · F4 Xc2 80.0 2018-06-30 vacant ·
/// F5 Dongcheng street 30.0 2018-12-01 vacant · F6 Yc1 60.0 2019-01-01 vacant · F7 Xc1 40.0 2019-07-01 vacant.
/// </summary>
[Collection(CoverageDatabase.Name)]
public sealed class OfficeSpaceRollupTests(CoverageFixture fixture)
{
    private static readonly DateOnly From = new(2018, 7, 1);
    private static readonly DateOnly To = new(2019, 6, 30);
    private static readonly DateOnly Today = LongyanDay.Today(TimeProvider.System);

    private CoverageMap Map => fixture.Map;

    // F1 and F3 sit on the window's two ends (inclusive), F4 and F7 just outside it; F5 belongs to
    // the street, inside the district. Vacant: F1, F3, F5.
    [Fact]
    public async Task District_counts_rooms_added_in_the_window_and_those_still_vacant()
    {
        var summary = await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.Xinluo.Code, From, To, Today);

        Assert.Equal(new OfficeSpaceSummary(Rooms: 4, TotalSqm: 380.5m, VacantRooms: 3, VacantSqm: 330.0m), summary);
    }

    // The district's four plus F6.
    [Fact]
    public async Task City()
    {
        var summary = await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.City.Code, From, To, Today);

        Assert.Equal(new OfficeSpaceSummary(5, 440.5m, 4, 390.0m), summary);
    }

    // F1 and F2; F5 is on the street above the community, not in it.
    [Fact]
    public async Task Community()
    {
        var summary = await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.Xc1.Code, From, To, Today);

        Assert.Equal(new OfficeSpaceSummary(2, 150.5m, 1, 100.0m), summary);
    }

    [Fact]
    public async Task A_one_day_window_and_an_empty_one()
    {
        var lastDay = await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.Xinluo.Code, To, To, Today);
        var none = await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.Xinluo.Code, new(2017, 1, 1), new(2017, 12, 31), Today);

        Assert.Equal(new OfficeSpaceSummary(1, 200.0m, 1, 200.0m), lastDay);
        Assert.Equal(new OfficeSpaceSummary(0, 0m, 0, 0m), none);
    }

    // F2 (Xc1, 50.5 m², added 2019-01-15) is assigned on 2019-02-01: vacant until the day before.
    [Theory]
    [InlineData("2019-01-15", 2)]
    [InlineData("2019-01-31", 2)]
    [InlineData("2019-02-01", 1)]
    [InlineData("2019-02-02", 1)]
    public async Task A_room_is_vacant_until_the_day_before_it_is_assigned(string today, int vacantRooms)
    {
        var summary = await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.Xc1.Code, From, To, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(vacantRooms, summary!.VacantRooms);
    }

    [Fact]
    public async Task An_unknown_area_is_null_not_zero()
    {
        Assert.Null(await OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, "999999", From, To, Today));
    }

    [Fact]
    public async Task A_window_ending_before_it_starts_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            OfficeSpaceRollup.SummarizeAsync(fixture.DataSource, Map.Xinluo.Code, To, From, Today));
    }
}

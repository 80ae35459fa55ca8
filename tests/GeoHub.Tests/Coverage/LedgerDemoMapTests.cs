using GeoHub.Coverage;

namespace GeoHub.Tests.Coverage;

/// <summary>
/// The ledger loaded with the demo map against the rows: every area (city, districts, streets,
/// communities) on event days spread over the whole record, the day before each, and random days;
/// and a progress series point by point.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class LedgerDemoMapTests(GeoHubFixture fixture)
{
    [Fact]
    public async Task Every_area_on_event_days_and_the_days_before_them_and_random_days_matches_the_rows()
    {
        var events = await LedgerChecks.EventDaysAsync(fixture.DataSource);
        Assert.True(events.Count > 1000, $"the demo map changes on {events.Count} days");
        await LedgerChecks.AgreeAsync(fixture.DataSource, LedgerChecks.Pick(events, count: 30, random: 10, seed: 7));
    }

    [Fact]
    public async Task A_two_year_fortnightly_series_of_the_city_matches_the_rollup_of_each_day()
    {
        var days = ProgressSteps.Days(new DateOnly(2018, 1, 1), new DateOnly(2019, 12, 31), ProgressInterval.Fortnight)!;
        var series = await CoverageLedger.SeriesAsync(fixture.DataSource, 1, days);
        Assert.Equal(days.Count, series.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var rows = await CoverageRollup.ComputeAsync(fixture.DataSource, [1], days[i]);
            Assert.Equal(rows[1], series[i]);
        }

        // Days in any order, repeated, and before anything was recorded.
        DateOnly[] shuffled = [new(2019, 6, 30), new(2000, 1, 1), new(2019, 6, 30), new(2018, 3, 1)];
        var answered = await CoverageLedger.SeriesAsync(fixture.DataSource, 1, shuffled);
        for (var i = 0; i < shuffled.Length; i++)
        {
            Assert.Equal((await CoverageRollup.ComputeAsync(fixture.DataSource, [1], shuffled[i]))[1], answered[i]);
        }
    }
}

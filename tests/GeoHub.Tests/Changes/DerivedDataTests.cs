namespace GeoHub.Tests.Changes;

/// <summary>Derived data follows a write at its commit: the tile cache's map version, the nearest-venue lists.</summary>
[Collection(WritesDatabase.Name)]
public sealed class DerivedDataTests(WritesFixture fixture)
{
    [Fact]
    public async Task A_write_to_the_map_bumps_the_map_version_tiles_are_cached_under()
    {
        var before = await fixture.ScalarAsync<long>("SELECT version FROM map_version");
        var (unit, compound) = (await fixture.SqlAsync("SELECT (SELECT id FROM co_building_units ORDER BY id OFFSET 50 LIMIT 1), (SELECT id FROM compounds ORDER BY id OFFSET 1100 LIMIT 1)",
            r => (r.GetInt32(0), r.GetInt32(1)))).Single();
        await fixture.MutateOkAsync("signAgreement", new
        {
            unitId = WritesFixture.Id("CoBuildingUnit", unit),
            compoundId = WritesFixture.Id("Compound", compound),
            title = "瓦片测试协议",
            on = WritesFixture.TodayText,
        }, "agreement { id }");
        Assert.True(await fixture.ScalarAsync<long>("SELECT version FROM map_version") > before);
    }

    [Fact]
    public async Task A_new_venue_drops_the_nearest_venue_lists_it_could_change()
    {
        var (compound, lon, lat) = (await fixture.SqlAsync("""
            SELECT c.id, ST_X(ST_PointOnSurface(c.boundary)), ST_Y(ST_PointOnSurface(c.boundary)) FROM compounds c ORDER BY c.id OFFSET 1200 LIMIT 1
            """, r => (r.GetInt32(0), r.GetDouble(1), r.GetDouble(2)))).Single();
        await fixture.MutateOkAsync("addVenue", new
        {
            name = "最近阵地测试",
            level = "COMPOUND",
            compoundId = WritesFixture.Id("Compound", compound),
            location = new { type = "Point", coordinates = new[] { lon, lat } },
            floorAreaSqm = 80,
            capacity = 30,
            on = WritesFixture.TodayText,
        }, "venue { id }");
        // Whatever lists remain (a background fill may have begun again) already know the new venue.
        Assert.Equal(0L, await fixture.ScalarAsync<long>("""
            SELECT count(*) FROM compound_nearest_venues l
            WHERE l.compound_id = @c AND NOT EXISTS (SELECT 1 FROM compound_nearest_venues n JOIN venues v ON v.id = n.venue_id WHERE n.compound_id = @c AND v.name = '最近阵地测试')
            """, ("c", compound)));
    }
}

using GeoHub.Areas;

namespace GeoHub.Tests.Coverage;

[Collection(CoverageDatabase.Name)]
public sealed class AreaLookupTests(CoverageFixture fixture)
{
    [Fact]
    public async Task Finds_an_area_by_code()
    {
        var area = await AreaLookup.FindByCodeAsync(fixture.DataSource, "350802");

        Assert.Equal(new AreaSummary(fixture.Map.Xinluo.Id, "350802", "新罗区", AreaLevel.District, "350800/350802"), area);
        Assert.Null(await AreaLookup.FindByCodeAsync(fixture.DataSource, "999999"));
    }

    [Fact]
    public async Task Lists_children_by_code()
    {
        var children = await AreaLookup.ChildrenAsync(fixture.DataSource, fixture.Map.City.Id);

        Assert.Equal(["350802", "350821"], children.Select(c => c.Code));
        Assert.Empty(await AreaLookup.ChildrenAsync(fixture.DataSource, fixture.Map.Xc1.Id));
    }
}

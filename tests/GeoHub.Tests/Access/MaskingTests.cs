using GeoHub.Access;

namespace GeoHub.Tests.Access;

[Collection(AccessDatabase.Name)]
public sealed class MaskingTests(AccessFixture fixture)
{
    [Theory]
    [InlineData("王五", "王*")]
    [InlineData("林建国", "林**")]
    [InlineData("欧阳修文", "欧阳**")]
    [InlineData("欧阳修", "欧阳*")]
    [InlineData("欧阳", "欧*")]
    [InlineData("司马光", "司马*")]
    [InlineData("王", "*")]
    [InlineData("", "*")]
    [InlineData("𠈌小明", "𠈌**")]
    [InlineData("怡松花园党支部", "怡******")]
    public void Masked_text_keeps_the_surname(string text, string masked) => Assert.Equal(masked, Masking.Mask(text));

    [Fact]
    public void Null_stays_null() => Assert.Null(Masking.Mask(null));

    /// <summary>Every surface masks alike: the SQL form gives the C# form for every name stored.</summary>
    [Fact]
    public async Task The_SQL_mask_is_the_CSharp_mask_on_every_personal_text_of_the_map()
    {
        var sql = $"""
            SELECT t, {Masking.SqlExpression("t")} FROM (
                SELECT name AS t FROM party_members UNION SELECT work_unit FROM party_members WHERE work_unit IS NOT NULL
                UNION SELECT holder_name FROM committee_seats UNION SELECT booked_by FROM bookings
                UNION VALUES ('欧阳修文'), ('司马光'), ('王'), ('欧阳'), ('𠈌小明')) texts
            """;
        var rows = await fixture.SqlAsync(sql, r => (r.GetString(0), r.GetString(1)), ("compound_surnames", Masking.CompoundSurnames.ToArray()));
        Assert.True(rows.Count > 1000, $"only {rows.Count} texts");
        Assert.All(rows, row => Assert.Equal(Masking.Mask(row.Item1), row.Item2));
    }
}

using System.Text.Json;
using GeoHub.Compounds;
using GeoHub.GraphQL;

namespace GeoHub.Tests.Compounds;

/// <summary>
/// compound(id) reads only the columns its selection needs (<see cref="CompoundsById"/>): each
/// field, alone and together, through fragments and aliases, against the row read by SQL and
/// against node(id), which still loads the whole row through EF.
/// </summary>
[Collection(GeoHubDatabase.Name)]
public sealed class CompoundByIdTests(GeoHubFixture fixture)
{
    private const string Scalars = "id code name households address builtYear";

    public static TheoryData<string> Selections() =>
    [
        "name",
        "households",
        "name households",
        "code",
        "address",
        "builtYear",
        "boundary",
        "community { code }",
        "propertyCompany { name }",
        "__typename coverageStatus buildings { name }",
        Scalars + " boundary community { code } propertyCompany { name }",
    ];

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task Each_selection_answers_as_node_does(string selection)
    {
        foreach (var id in await SampleIdsAsync())
        {
            var variables = new { id = GlobalId.Encode("Compound", id) };
            var byId = await fixture.QueryAsync($"query($id: ID!) {{ compound(id: $id) {{ {selection} }} }}", variables);
            var node = await fixture.QueryAsync($"query($id: ID!) {{ node(id: $id) {{ ... on Compound {{ {selection} }} }} }}", variables);

            Assert.Equal(node.GetProperty("node").GetRawText(), byId.GetProperty("compound").GetRawText());
        }
    }

    [Fact]
    public async Task The_scalars_are_the_rows_columns_nulls_included()
    {
        var rows = await fixture.SqlAsync(
            """
            SELECT c.id, c.code, c.name, c.households, c.address, c.built_year, a.code, p.name
            FROM compounds c JOIN areas a ON a.id = c.community_id LEFT JOIN property_companies p ON p.id = c.property_company_id
            WHERE c.id = ANY (@ids) ORDER BY c.id
            """,
            r => (Id: r.GetInt32(0), Code: r.GetString(1), Name: r.GetString(2), Households: r.GetInt32(3),
                  Address: r.IsDBNull(4) ? null : r.GetString(4), BuiltYear: r.IsDBNull(5) ? (int?)null : r.GetInt32(5),
                  Community: r.GetString(6), Company: r.IsDBNull(7) ? null : r.GetString(7)),
            ("ids", (await SampleIdsAsync()).ToArray()));
        Assert.Contains(rows, r => r.Address is null || r.BuiltYear is null || r.Company is null);
        Assert.Contains(rows, r => r.Address is not null && r.BuiltYear is not null && r.Company is not null);

        foreach (var row in rows)
        {
            var compound = (await fixture.QueryAsync(
                $"query($id: ID!) {{ compound(id: $id) {{ {Scalars} community {{ code }} propertyCompany {{ name }} }} }}",
                new { id = GlobalId.Encode("Compound", row.Id) })).GetProperty("compound");

            Assert.Equal(
                (row.Code, row.Name, row.Households, row.Address, row.BuiltYear, row.Community, row.Company),
                (compound.GetProperty("code").GetString()!, compound.GetProperty("name").GetString()!, compound.GetProperty("households").GetInt32(),
                 Text(compound.GetProperty("address")), compound.GetProperty("builtYear") is { ValueKind: JsonValueKind.Number } year ? year.GetInt32() : (int?)null,
                 compound.GetProperty("community").GetProperty("code").GetString()!,
                 compound.GetProperty("propertyCompany") is { ValueKind: JsonValueKind.Object } company ? company.GetProperty("name").GetString() : null));
        }
    }

    [Fact]
    public async Task Aliases_and_fragments_merge_their_columns()
    {
        var id = (await SampleIdsAsync())[0];
        var row = (await fixture.SqlAsync(
            "SELECT name, households, ST_AsGeoJSON(boundary) FROM compounds WHERE id = @id",
            r => (Name: r.GetString(0), Households: r.GetInt32(1), Boundary: r.GetString(2)), ("id", id)))[0];
        var data = await fixture.QueryAsync(
            """
            query($id: ID!) {
              compound(id: $id) { name }
              compound(id: $id) { ...Size }
              shape: compound(id: $id) { ... on Compound { boundary } }
            }
            fragment Size on Compound { households }
            """,
            new { id = GlobalId.Encode("Compound", id) });

        Assert.Equal((row.Name, row.Households), (data.GetProperty("compound").GetProperty("name").GetString(), data.GetProperty("compound").GetProperty("households").GetInt32()));
        using var expected = JsonDocument.Parse(row.Boundary);
        Assert.Equal(
            expected.RootElement.GetProperty("coordinates").GetRawText(),
            data.GetProperty("shape").GetProperty("boundary").GetProperty("coordinates").GetRawText());
    }

    [Fact]
    public async Task A_missing_id_is_null_and_a_wrong_id_is_the_same_error_as_before()
    {
        var missing = (await fixture.SqlAsync<int>("SELECT max(id) + 1 FROM compounds"))[0];
        var data = await fixture.QueryAsync("query($id: ID!) { compound(id: $id) { name } }", new { id = GlobalId.Encode("Compound", missing) });
        Assert.Equal(JsonValueKind.Null, data.GetProperty("compound").ValueKind);

        var wrong = await fixture.ExecuteAsync("query($id: ID!) { compound(id: $id) { name } }", new { id = GlobalId.Encode("Venue", 1) });
        Assert.Equal(["INVALID_ID"], wrong.ErrorCodes());
    }

    [Fact]
    public void A_field_the_map_does_not_know_reads_every_column()
    {
        Assert.Equal(CompoundColumns.All, CompoundsById.ColumnsOf(["name", "somethingNew"]));
        Assert.Equal(CompoundColumns.None, CompoundsById.ColumnsOf(["id", "buildings"]));
        Assert.Equal("SELECT id, name, households FROM compounds WHERE id = ANY (@keys)", CompoundsById.Sql(CompoundColumns.Name | CompoundColumns.Households));
    }

    /// <summary>Compounds with and without the optional columns, so that both kinds are compared.</summary>
    private async Task<List<int>> SampleIdsAsync() => await fixture.SqlAsync<int>(
        """
        (SELECT id FROM compounds WHERE address IS NOT NULL AND built_year IS NOT NULL AND property_company_id IS NOT NULL ORDER BY id LIMIT 2)
        UNION (SELECT id FROM compounds WHERE address IS NULL OR built_year IS NULL OR property_company_id IS NULL ORDER BY id LIMIT 2)
        ORDER BY 1
        """);

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetString();
}

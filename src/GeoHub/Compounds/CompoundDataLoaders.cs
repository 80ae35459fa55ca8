using GeoHub.Data;
using GeoHub.GraphQL;
using NetTopologySuite.Geometries;

namespace GeoHub.Compounds;

/// <summary>The buildings of each compound, by id.</summary>
public sealed record BuildingsByCompoundId : ManyBy<Building>
{
    protected override IQueryable<Building> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Buildings.Where(b => keys.Contains(b.CompoundId)).OrderBy(b => b.Id);

    protected override int KeyOf(Building row) => row.CompoundId;
}

/// <summary>The stairwells of each building, by name.</summary>
public sealed record StairwellsByBuildingId : ManyBy<Stairwell>
{
    protected override IQueryable<Stairwell> Rows(GeoHubDb db, IReadOnlyCollection<int> keys) =>
        db.Stairwells.Where(s => keys.Contains(s.BuildingId)).OrderBy(s => s.Name);

    protected override int KeyOf(Stairwell row) => row.BuildingId;
}

/// <summary>The columns of a compound that a selection reads (the id always comes).</summary>
[Flags]
public enum CompoundColumns
{
    None = 0,
    Code = 1,
    Name = 2,
    Households = 4,
    Address = 8,
    BuiltYear = 16,
    Boundary = 32,
    CommunityId = 64,
    PropertyCompanyId = 128,
    All = Code | Name | Households | Address | BuiltYear | Boundary | CommunityId | PropertyCompanyId,
}

/// <summary>
/// Compounds by id with only the columns their selection reads, so that <c>compound(id)</c>
/// asking for a name does not fetch and decode the boundary (most of the row's bytes). A column
/// not read stays at its default on the object; no field of <see cref="CompoundType"/> reads one
/// it did not ask for (<see cref="ColumnsOf"/> maps each field to its columns, and a field it does
/// not know reads them all). Raw Npgsql, not EF: for one row by key, building and caching EF's
/// query cost more than the statement (BENCHMARKS.md, "What the second engine pass changed").
/// </summary>
public sealed record CompoundsById(CompoundColumns Columns) : IBatchFetch<int, Compound>
{
    // In the order the flags are declared: the statement reads them in that order too.
    private static readonly (CompoundColumns Flag, string Column)[] Known =
    [
        (CompoundColumns.Code, "code"),
        (CompoundColumns.Name, "name"),
        (CompoundColumns.Households, "households"),
        (CompoundColumns.Address, "address"),
        (CompoundColumns.BuiltYear, "built_year"),
        (CompoundColumns.Boundary, "boundary"),
        (CompoundColumns.CommunityId, "community_id"),
        (CompoundColumns.PropertyCompanyId, "property_company_id"),
    ];

    /// <summary>The columns the fields of a compound selection read; all of them for a field not listed here.</summary>
    public static CompoundColumns ColumnsOf(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var columns = CompoundColumns.None;
        foreach (var field in fields)
        {
            columns |= field switch
            {
                "code" => CompoundColumns.Code,
                "name" => CompoundColumns.Name,
                "households" => CompoundColumns.Households,
                "address" => CompoundColumns.Address,
                "builtYear" => CompoundColumns.BuiltYear,
                "boundary" => CompoundColumns.Boundary,
                "community" => CompoundColumns.CommunityId,
                "propertyCompany" => CompoundColumns.PropertyCompanyId,
                // These read the id alone (their loaders are keyed by it).
                "id" or "__typename" or "buildings" or "coverageStatus" or "partyOrganization" or "ownersCommittee"
                    or "agreements" or "nearbyCoBuildingUnits" => CompoundColumns.None,
                _ => CompoundColumns.All,
            };
        }

        return columns;
    }

    /// <summary>The statement of a set of columns (their SQL is fixed; only the keys are a parameter).</summary>
    public static string Sql(CompoundColumns columns) =>
        "SELECT id" + string.Concat(Known.Where(k => columns.HasFlag(k.Flag)).Select(k => ", " + k.Column)) + " FROM compounds WHERE id = ANY (@keys)";

    public async Task<IReadOnlyDictionary<int, Compound>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
    {
        // A lookup by primary key has one best plan whatever the keys: planned once per connection.
        await using var command = services.FixedPlanDataSource().CreateCommand(Sql(Columns));
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        Dictionary<int, Compound> byId = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            var compound = new Compound { Id = reader.GetInt32(0), Code = "", Name = "", Boundary = null! };
            var i = 1;
            foreach (var (flag, _) in Known)
            {
                if (!Columns.HasFlag(flag))
                {
                    continue;
                }

                switch (flag)
                {
                    case CompoundColumns.Code: compound.Code = reader.GetString(i); break;
                    case CompoundColumns.Name: compound.Name = reader.GetString(i); break;
                    case CompoundColumns.Households: compound.Households = reader.GetInt32(i); break;
                    case CompoundColumns.Address: compound.Address = reader.IsDBNull(i) ? null : reader.GetString(i); break;
                    case CompoundColumns.BuiltYear: compound.BuiltYear = reader.IsDBNull(i) ? null : reader.GetInt32(i); break;
                    case CompoundColumns.Boundary: compound.Boundary = reader.GetFieldValue<MultiPolygon>(i); break;
                    case CompoundColumns.CommunityId: compound.CommunityId = reader.GetInt32(i); break;
                    default: compound.PropertyCompanyId = reader.IsDBNull(i) ? null : reader.GetInt32(i); break;
                }

                i++;
            }

            byId[compound.Id] = compound;
        }

        return byId;
    }
}

using Npgsql;

namespace GeoHub.Coverage;

/// <summary>The battle map's headline figures for one area and its descendants, as of a date.</summary>
public sealed record CoverageFigures(
    int Communities,
    int Compounds,
    int CompoundsCovered,
    OrganizationFigures PartyOrganizations,
    int InServiceMembersReported,
    CadreFigures CadresServing,
    OwnersCommitteeFigures OwnersCommittees,
    CoBuildingFigures CoBuilding)
{
    /// <summary>Covered compounds over compounds; 0 for an area without compounds.</summary>
    public double CoverageRate => Compounds == 0 ? 0 : (double)CompoundsCovered / Compounds;

    /// <summary>
    /// Figures by area from <paramref name="sql"/> (the rollup's or the ledger's statement, which take
    /// @area_ids and @as_of and answer the area id, then the 20 columns of <see cref="Read"/>).
    /// </summary>
    internal static async Task<IReadOnlyDictionary<int, CoverageFigures>> ByAreaAsync(
        NpgsqlDataSource dataSource, string sql, IReadOnlyList<int> areaIds, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(areaIds);
        var figures = new Dictionary<int, CoverageFigures>(areaIds.Count);
        if (areaIds.Count == 0)
        {
            return figures;
        }

        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int[]>("area_ids", [.. areaIds]));
        command.Parameters.Add(new NpgsqlParameter<DateOnly>("as_of", asOf));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            figures[reader.GetInt32(0)] = Read(reader, 1);
        }

        return figures;
    }

    /// <summary>The figures from 20 columns starting at <paramref name="first"/>, in the order of the fields (the rollup's and the ledger's answers).</summary>
    public static CoverageFigures Read(NpgsqlDataReader reader, int first)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int At(int i) => reader.GetInt32(first + i);
        return new CoverageFigures(
            Communities: At(0),
            Compounds: At(1),
            CompoundsCovered: At(2),
            PartyOrganizations: new OrganizationFigures(At(3), At(4), At(5), reader.GetDecimal(first + 6)),
            InServiceMembersReported: At(7),
            CadresServing: new CadreFigures(At(8), At(9), At(10)),
            OwnersCommittees: new OwnersCommitteeFigures(At(11), At(12), At(13), At(14), At(15)),
            CoBuilding: new CoBuildingFigures(At(16), At(17), At(18), At(19)));
    }
}

/// <summary>Organisations active at the date, counted in their own community.</summary>
public sealed record OrganizationFigures(int Total, int Standalone, int Joint, decimal StartupFundingYuan);

/// <summary>Distinct cadres, by rank, holding a role or an owners'-committee seat at the date.</summary>
public sealed record CadreFigures(int DepartmentLevel, int DivisionLevel, int SectionLevel);

public sealed record OwnersCommitteeFigures(
    int Red,
    int PartyMemberSeats,
    int InServicePartyMemberSeats,
    int SecretariesAsDirectors,
    int CrossAppointed);

public sealed record CoBuildingFigures(int Agreements, int Activities, int ProjectsLaunched, int ProjectsCompleted);

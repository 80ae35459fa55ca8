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

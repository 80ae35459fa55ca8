using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GraphQL.Types;

namespace GeoHub.Coverage;

/// <summary>An area's figures as of a day, with the area and the day they belong to.</summary>
public sealed record AreaCoverage(Area Area, DateOnly AsOf, CoverageFigures Figures);

public sealed class CoverageType : ObjectGraphType<AreaCoverage>
{
    public CoverageType()
    {
        Name = "Coverage";
        Description = "The battle map's headline figures for an area and everything under it, counted from rows as of a day.";
        Field<NonNullGraphType<AreaType>>("area").Public().Resolve(context => context.Source.Area);
        Field<NonNullGraphType<DateScalar>>("asOf").Public().Resolve(context => context.Source.AsOf);
        Field<NonNullGraphType<IntGraphType>>("communities").Public().Resolve(context => context.Source.Figures.Communities);
        Field<NonNullGraphType<IntGraphType>>("compounds").Public().Resolve(context => context.Source.Figures.Compounds);
        Field<NonNullGraphType<IntGraphType>>("compoundsCovered").Public()
            .Description("Compounds with a party organisation (standalone or joint) on the day.")
            .Resolve(context => context.Source.Figures.CompoundsCovered);
        Field<NonNullGraphType<FloatGraphType>>("coverageRate").Public()
            .Description("compoundsCovered / compounds, 0 when the area has no compounds.")
            .Resolve(context => context.Source.Figures.CoverageRate);
        Field<NonNullGraphType<OrganizationFiguresType>>("partyOrganizations").Public().Resolve(context => context.Source.Figures.PartyOrganizations);
        Field<NonNullGraphType<IntGraphType>>("inServiceMembersReported").Public()
            .Description("In-service party members who had reported back to their compound (在职党员回小区报到).")
            .Resolve(context => context.Source.Figures.InServiceMembersReported);
        Field<NonNullGraphType<CadreFiguresType>>("cadresServing").Public().Resolve(context => context.Source.Figures.CadresServing);
        Field<NonNullGraphType<OwnersCommitteeFiguresType>>("ownersCommittees").Public().Resolve(context => context.Source.Figures.OwnersCommittees);
        Field<NonNullGraphType<CoBuildingFiguresType>>("coBuilding").Public().Resolve(context => context.Source.Figures.CoBuilding);
    }
}

public sealed class OrganizationFiguresType : ObjectGraphType<OrganizationFigures>
{
    public OrganizationFiguresType()
    {
        Name = "OrganizationFigures";
        Description = "Compound party organisations active on the day, counted in their own community.";
        Field(f => f.Total).Public();
        Field(f => f.Standalone).Public();
        Field(f => f.Joint).Public();
        Field<NonNullGraphType<FloatGraphType>>("startupFundingYuan").Public()
            .Description("Start-up funding granted to them, yuan.")
            .Resolve(context => (double)context.Source.StartupFundingYuan);
    }
}

public sealed class CadreFiguresType : ObjectGraphType<CadreFigures>
{
    public CadreFiguresType()
    {
        Name = "CadreFigures";
        Description = "Distinct cadres holding a compound-organisation role or an owners'-committee seat on the day.";
        Field(f => f.DepartmentLevel).Public().Description("厅级");
        Field(f => f.DivisionLevel).Public().Description("处级");
        Field(f => f.SectionLevel).Public().Description("科级");
    }
}

public sealed class OwnersCommitteeFiguresType : ObjectGraphType<OwnersCommitteeFigures>
{
    public OwnersCommitteeFiguresType()
    {
        Name = "OwnersCommitteeFigures";
        Field(f => f.Red).Public().Description("Red owners' committees (红色业委会): formed under the party organisation's lead, with party members seated.");
        Field(f => f.PartyMemberSeats).Public().Description("Seats held by party members.");
        Field(f => f.InServicePartyMemberSeats).Public().Description("Of those, held by in-service party members.");
        Field(f => f.SecretariesAsDirectors).Public().Description("Director seats held by the secretary of the compound's own organisation (一肩挑).");
        Field(f => f.CrossAppointed).Public().Description("Party-committee members also seated on their compound's owners' committee (交叉任职).");
    }
}

public sealed class CoBuildingFiguresType : ObjectGraphType<CoBuildingFigures>
{
    public CoBuildingFiguresType()
    {
        Name = "CoBuildingFigures";
        Field(f => f.Agreements).Public().Description("Co-building agreements in force.");
        Field(f => f.Activities).Public().Description("Collective activities held so far.");
        Field(f => f.ProjectsLaunched).Public().Description("Co-building projects launched so far.");
        Field(f => f.ProjectsCompleted).Public().Description("Of them, completed so far.");
    }
}

public sealed class OfficeSpaceSummaryType : ObjectGraphType<OfficeSpaceSummary>
{
    public OfficeSpaceSummaryType()
    {
        Name = "OfficeSpaceSummary";
        Description = "Office space added in an area over a period; vacant means not assigned as of today.";
        Field(s => s.Rooms).Public();
        Field<NonNullGraphType<FloatGraphType>>("totalSqm").Public().Resolve(context => (double)context.Source.TotalSqm);
        Field(s => s.VacantRooms).Public();
        Field<NonNullGraphType<FloatGraphType>>("vacantSqm").Public().Resolve(context => (double)context.Source.VacantSqm);
    }
}

/// <summary>A compliance row with its organisation loaded.</summary>
public sealed record OrganizationMeetings(PartyOrganization Organization, MeetingComplianceRow Row);

public sealed class MeetingComplianceType : ObjectGraphType<OrganizationMeetings>
{
    public MeetingComplianceType()
    {
        Name = "MeetingCompliance";
        Description = "三会一课 held by an organisation in a year against the minimums (pro-rated by the months it existed).";
        Field<NonNullGraphType<PartyOrganizationType>>("organization").Internal(DataKind.Meetings).Resolve(context => context.Source.Organization);
        Field<NonNullGraphType<IntGraphType>>("branchCommittee").Internal(DataKind.Meetings).Resolve(context => context.Source.Row.BranchCommittee);
        Field<NonNullGraphType<IntGraphType>>("partyGroup").Internal(DataKind.Meetings).Resolve(context => context.Source.Row.PartyGroup);
        Field<NonNullGraphType<IntGraphType>>("generalAssembly").Internal(DataKind.Meetings).Resolve(context => context.Source.Row.GeneralAssembly);
        Field<NonNullGraphType<IntGraphType>>("partyLecture").Internal(DataKind.Meetings).Resolve(context => context.Source.Row.PartyLecture);
        Field<NonNullGraphType<MeetingCountsType>>("required").Internal(DataKind.Meetings).Resolve(context => context.Source.Row.Required);
        Field<NonNullGraphType<BooleanGraphType>>("compliant").Internal(DataKind.Meetings).Resolve(context => context.Source.Row.Compliant);
    }
}

public sealed class MeetingCountsType : ObjectGraphType<MeetingCounts>
{
    public MeetingCountsType()
    {
        Name = "MeetingCounts";
        Field(c => c.BranchCommittee).Internal(DataKind.Meetings);
        Field(c => c.PartyGroup).Internal(DataKind.Meetings);
        Field(c => c.GeneralAssembly).Internal(DataKind.Meetings);
        Field(c => c.PartyLecture).Internal(DataKind.Meetings);
    }
}

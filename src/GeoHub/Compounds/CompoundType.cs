using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Compounds;

/// <summary>Whether a compound has a party organisation, and whether it shares it.</summary>
public enum CoverageStatus
{
    None,
    Standalone,
    Joint,
}

public sealed class CoverageStatusType : EnumerationGraphType<CoverageStatus>
{
    public CoverageStatusType()
    {
        Name = "CoverageStatus";
        Description = "NONE: no party organisation; STANDALONE: its own; JOINT: shared with neighbouring compounds (联合组建).";
    }
}

public sealed class CompoundType : NodeGraphType<Compound>
{
    public CompoundType()
        : base("Compound", c => c.Id, "A residential compound (小区).")
    {
        Field(c => c.Code).Public();
        Field(c => c.Name).Public();
        Field(c => c.Households).Public();
        Field(c => c.Address, nullable: true).Public();
        Field(c => c.BuiltYear, nullable: true).Public();
        Field<NonNullGraphType<GeoJsonScalar>>("boundary").Public().Description("MultiPolygon, WGS 84.").Column(c => c.Boundary);
        Field<NonNullGraphType<AreaType>>("community").Public().Resolve(context => context.LoadById<Area>(context.Source.CommunityId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BuildingType>>>>("buildings").Public()
            .Resolve(context => context.LoadAll(new BuildingsByCompoundId(), context.Source.Id));
        Field<NonNullGraphType<CoverageStatusType>>("coverageStatus").Public()
            .Description("As of the date given (default today).")
            .Argument<DateScalar>("asOf")
            .Resolve(context => CompoundCoverage.StatusOf(context, context.Source.Id));
        Field<PartyOrganizationType>("partyOrganization").Public()
            .Description("The organisation covering the compound as of the date given (default today).")
            .Argument<DateScalar>("asOf")
            .Resolve(context => CompoundCoverage.OrganizationOf(context, context.Source.Id));
        Field<OwnersCommitteeType>("ownersCommittee").Public()
            .Resolve(context => context.LoadAll(new CommitteesByCompoundId(), context.Source.Id).Then(list => list.Count > 0 ? list[0] : null));
        Field<PropertyCompanyType>("propertyCompany").Public()
            .Resolve(context => context.Source.PropertyCompanyId is { } id ? context.LoadById<PropertyCompany>(id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgreementType>>>>("agreements").Public()
            .Description("Co-building agreements with this compound, by signing day.")
            .Resolve(context => context.LoadAll(new AgreementsByCompoundId(), context.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NearbyUnitType>>>>("nearbyCoBuildingUnits").Public()
            .Description("Co-building units within withinMeters metres of the compound's boundary (WGS 84 spheroid, inclusive; 0 inside), nearest first (ties by id).")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters", $"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.")
            .Argument<IntGraphType>("first", $"At most this many (default {SpatialArguments.DefaultFirst}, 1 to {SpatialArguments.MaxFirst}).")
            .Resolve(context => NearbyDataLoaders.UnitsNearCompound(
                context, context.Source.Id, SpatialArguments.Meters(context.GetArgument<double>("withinMeters"), "withinMeters"), SpatialArguments.First(context)));
    }
}

public sealed class BuildingType : NodeGraphType<Building>
{
    public BuildingType()
        : base("Building", b => b.Id, "A building (楼栋) of a compound.")
    {
        Field(b => b.Name).Public();
        Field(b => b.Floors).Public();
        Field<GeoJsonScalar>("location").Public().Resolve(context => context.Source.Location);
        Field<NonNullGraphType<CompoundType>>("compound").Public().Resolve(context => context.LoadById<Compound>(context.Source.CompoundId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StairwellType>>>>("stairwells").Public()
            .Resolve(context => context.LoadAll(new StairwellsByBuildingId(), context.Source.Id));
        Field<NonNullGraphType<IntGraphType>>("households").Public()
            .Description("Households over all stairwells.")
            .Resolve(context => context.LoadAll(new StairwellsByBuildingId(), context.Source.Id).Then(s => s.Sum(x => x.Households)));
        Field<PartyGroupType>("partyGroup").Internal(DataKind.PartyGroups)
            .Description("The building's party group (楼栋党小组), if it has one.")
            .Resolve(context => context.LoadAll(new PartyGroupsByBuildingId(), context.Source.Id).Then(groups => groups.Count > 0 ? groups[0] : null));
    }
}

public sealed class StairwellType : NodeGraphType<Stairwell>
{
    public StairwellType()
        : base("Stairwell", s => s.Id, "A stairwell or unit (梯/单元) of a building.")
    {
        Field(s => s.Name).Public();
        Field(s => s.Households).Public();
        Field<NonNullGraphType<BuildingType>>("building").Public().Resolve(context => context.LoadById<Building>(context.Source.BuildingId));
    }
}

public sealed class PropertyCompanyType : NodeGraphType<PropertyCompany>
{
    public PropertyCompanyType()
        : base("PropertyCompany", p => p.Id, "A property-management company (物业公司).")
    {
        Field(p => p.Name).Public();
        Field(p => p.CreditCode, nullable: true).Public();
    }
}

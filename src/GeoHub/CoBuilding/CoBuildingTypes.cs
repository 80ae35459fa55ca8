using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.CoBuilding;

public sealed class UnitKindType : EnumerationGraphType<UnitKind>
{
    public UnitKindType()
    {
        Name = "UnitKind";
        Description = "GOVERNMENT_ORGAN 机关, ENTERPRISE 企业, PUBLIC_INSTITUTION 事业单位, SOCIAL_ORGANIZATION 社会组织.";
    }
}

public sealed class CoBuildingUnitType : NodeGraphType<CoBuildingUnit>
{
    public CoBuildingUnitType()
        : base("CoBuildingUnit", u => u.Id, "An organisation that co-builds with compounds (共建单位).")
    {
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(u => u.Name).Public();
        Field<NonNullGraphType<UnitKindType>>("kind").Public().Column(u => u.Kind);
        Field(u => u.Address, nullable: true).Public();
        Field<NonNullGraphType<GeoJsonScalar>>("location").Public().Description("Point, WGS 84.").Column(u => u.Location);
        Field<NonNullGraphType<AreaType>>("area").Public().Resolve(context => context.LoadById<Area>(context.Source.AreaId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AgreementType>>>>("agreements").Public()
            .Resolve(context => context.LoadAll(new AgreementsByUnitId(), context.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProjectType>>>>("projects").Public()
            .Resolve(context => context.LoadAll(new ProjectsByUnitId(), context.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityType>>>>("activities").Public()
            .Resolve(context => context.LoadAll(new ActivitiesByUnitId(), context.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NearbyCompoundType>>>>("nearbyCompounds").Public()
            .Description("Compounds whose boundary is within withinMeters metres of the unit (WGS 84 spheroid, inclusive), nearest first (ties by id), for units looking for compounds to pair with.")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters", $"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.")
            .Argument<IntGraphType>("first", $"At most this many (default {SpatialArguments.DefaultFirst}, 1 to {SpatialArguments.MaxFirst}).")
            .Argument<BooleanGraphType>("unpairedOnly", "Leave out compounds already paired with the unit (an agreement not ended as of today).")
            .Resolve(context => NearbyDataLoaders.CompoundsNearUnit(
                context, context.Source.Id, SpatialArguments.Meters(context.GetArgument<double>("withinMeters"), "withinMeters"), SpatialArguments.First(context),
                context.GetArgument<bool?>("unpairedOnly") ?? false));
    }
}

public sealed class AgreementType : NodeGraphType<Agreement>
{
    public AgreementType()
        : base("Agreement", a => a.Id, "A co-building agreement (共建协议).")
    {
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(a => a.Title).Public();
        Field<NonNullGraphType<DateScalar>>("signedOn").Public().Resolve(context => context.Source.SignedOn);
        Field<DateScalar>("endedOn").Public().Resolve(context => context.Source.EndedOn);
        Field<NonNullGraphType<CoBuildingUnitType>>("unit").Public().Resolve(context => context.LoadById<CoBuildingUnit>(context.Source.UnitId));
        Field<NonNullGraphType<AreaType>>("community").Public().Resolve(context => context.LoadById<Area>(context.Source.CommunityId));
        Field<CompoundType>("compound").Public().Resolve(context => context.Source.CompoundId is { } id ? context.LoadById<Compound>(id) : null);
    }
}

public sealed class ProjectType : NodeGraphType<Project>
{
    public ProjectType()
        : base("Project", p => p.Id, "A co-building project (共建项目).")
    {
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(p => p.Name).Public();
        Field<NonNullGraphType<DateScalar>>("launchedOn").Public().Resolve(context => context.Source.LaunchedOn);
        Field<DateScalar>("completedOn").Public().Resolve(context => context.Source.CompletedOn);
        Field<FloatGraphType>("budgetYuan").Public().Resolve(context => (double?)context.Source.BudgetYuan);
        Field<NonNullGraphType<CoBuildingUnitType>>("unit").Public().Resolve(context => context.LoadById<CoBuildingUnit>(context.Source.UnitId));
        Field<AgreementType>("agreement").Public().Resolve(context => context.Source.AgreementId is { } id ? context.LoadById<Agreement>(id) : null);
        Field<NonNullGraphType<AreaType>>("community").Public().Resolve(context => context.LoadById<Area>(context.Source.CommunityId));
        Field<CompoundType>("compound").Public().Resolve(context => context.Source.CompoundId is { } id ? context.LoadById<Compound>(id) : null);
    }
}

public sealed class ActivityType : NodeGraphType<Activity>
{
    public ActivityType()
        : base("Activity", a => a.Id, "A collective activity (集体活动) a unit held in a community or compound.")
    {
        Field(a => a.Title).Public();
        Field<NonNullGraphType<DateScalar>>("heldOn").Public().Resolve(context => context.Source.HeldOn);
        Field(a => a.Participants).Public();
        Field<NonNullGraphType<CoBuildingUnitType>>("unit").Public().Resolve(context => context.LoadById<CoBuildingUnit>(context.Source.UnitId));
        Field<NonNullGraphType<AreaType>>("community").Public().Resolve(context => context.LoadById<Area>(context.Source.CommunityId));
        Field<CompoundType>("compound").Public().Resolve(context => context.Source.CompoundId is { } id ? context.LoadById<Compound>(id) : null);
    }
}

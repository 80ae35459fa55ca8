using System.Text.Json;
using GeoHub.GraphQL;
using GraphQL.Types;

namespace GeoHub.CoBuilding;

public sealed class CoBuildingUnitFilter
{
    public string? AreaCode { get; set; }
    public StringFilter? Name { get; set; }
    public UnitKind? Kind { get; set; }
    public JsonElement? Within { get; set; }
    public JsonElement? Intersects { get; set; }
    public NearFilter? Near { get; set; }
}

public sealed class CoBuildingUnitFilterType : InputObjectGraphType<CoBuildingUnitFilter>
{
    public CoBuildingUnitFilterType()
    {
        Name = "CoBuildingUnitFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only units standing in this area or one under it (any level: city, district, street, community).");
        Field(f => f.Name, type: typeof(StringFilterType));
        Field(f => f.Kind, type: typeof(UnitKindType));
        SpatialFields.AddTo(this, "units");
    }
}

public sealed class AgreementFilter
{
    public string? AreaCode { get; set; }
    public string? UnitId { get; set; }
    public string? CompoundId { get; set; }
    public DateOnly? InForceOn { get; set; }
}

public sealed class AgreementFilterType : InputObjectGraphType<AgreementFilter>
{
    public AgreementFilterType()
    {
        Name = "AgreementFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only agreements with a community in this area (any level).");
        Field(f => f.UnitId, type: typeof(IdGraphType)).Description("Only agreements of this co-building unit.");
        Field(f => f.CompoundId, type: typeof(IdGraphType)).Description("Only agreements with this compound.");
        Field(f => f.InForceOn, type: typeof(DateScalar)).Description("Only agreements in force on this day: signed on or before it, not ended on or before it.");
    }
}

public sealed class ProjectFilter
{
    public string? AreaCode { get; set; }
    public DateOnly? LaunchedFrom { get; set; }
    public DateOnly? LaunchedTo { get; set; }
    public bool? Completed { get; set; }
}

public sealed class ProjectFilterType : InputObjectGraphType<ProjectFilter>
{
    public ProjectFilterType()
    {
        Name = "ProjectFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only projects in a community of this area (any level).");
        Field(f => f.LaunchedFrom, type: typeof(DateScalar)).Description("Launched on or after this day.");
        Field(f => f.LaunchedTo, type: typeof(DateScalar)).Description("Launched on or before this day.");
        Field(f => f.Completed, nullable: true).Description("true: completed on or before today; false: not completed as of today.");
    }
}

public sealed class ActivityFilter
{
    public string? AreaCode { get; set; }
    public DateOnly? HeldFrom { get; set; }
    public DateOnly? HeldTo { get; set; }
}

public sealed class ActivityFilterType : InputObjectGraphType<ActivityFilter>
{
    public ActivityFilterType()
    {
        Name = "ActivityFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only activities in a community of this area (any level).");
        Field(f => f.HeldFrom, type: typeof(DateScalar)).Description("Held on or after this day.");
        Field(f => f.HeldTo, type: typeof(DateScalar)).Description("Held on or before this day.");
    }
}

using GeoHub.Access;
using GeoHub.Compounds;
using GraphQL.Types;

namespace GeoHub.CoBuilding;

/// <summary>A co-building unit at a distance from a compound.</summary>
public sealed record NearbyUnit(CoBuildingUnit Unit, double DistanceMeters, bool Paired);

/// <summary>A compound at a distance from a co-building unit.</summary>
public sealed record NearbyCompound(Compound Compound, double DistanceMeters, bool Paired);

public sealed class NearbyUnitType : ObjectGraphType<NearbyUnit>
{
    public NearbyUnitType()
    {
        Name = "NearbyUnit";
        Field(n => n.DistanceMeters).Public().Description("Metres on the WGS 84 spheroid from the compound's boundary (0 inside).");
        Field(n => n.Paired).Public().Description("An agreement between this unit and this compound has not ended as of today (in force, or signed to start later).");
        Field<NonNullGraphType<CoBuildingUnitType>>("unit").Public().Resolve(context => context.Source.Unit);
    }
}

public sealed class NearbyCompoundType : ObjectGraphType<NearbyCompound>
{
    public NearbyCompoundType()
    {
        Name = "NearbyCompound";
        Field(n => n.DistanceMeters).Public().Description("Metres on the WGS 84 spheroid from the compound's boundary (0 inside).");
        Field(n => n.Paired).Public().Description("An agreement between this unit and this compound has not ended as of today (in force, or signed to start later).");
        Field<NonNullGraphType<CompoundType>>("compound").Public().Resolve(context => context.Source.Compound);
    }
}

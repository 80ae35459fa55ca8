using GeoHub.CoBuilding;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GeoHub.Venues;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.BattleMap;

/// <summary>
/// The battle map's spatial questions. Their fields and types are part of the contract now;
/// the answers come with issue 3, until then a coded NOT_IMPLEMENTED error.
/// </summary>
public static class SpatialQueries
{
    private const string Issue = "issue 3";

    public static void AddTo(ObjectGraphType query)
    {
        query.Field<GeoJsonScalar>("battleMap")
            .Description("An RFC 7946 FeatureCollection of the area's compounds with their status, and the child areas' outlines with coverage.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<DateScalar>("asOf")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("battleMap", Issue));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VacantVenueType>>>>("vacantVenues")
            .Description("Venues with no booking overlapping [from, to), within the distance of a point, nearest first.")
            .Argument<NonNullGraphType<GeoJsonScalar>>("near", "A GeoJSON Point.")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to")
            .Argument<IntGraphType>("minCapacity")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("vacantVenues", Issue));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VenueGapType>>>>("venueGaps")
            .Description("Compounds of the area farther than maxDistanceMeters from every venue, most households first.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<FloatGraphType>>("maxDistanceMeters")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("venueGaps", Issue));
    }

    public static void AddTo(CompoundType compound) =>
        compound.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NearbyUnitType>>>>("nearbyCoBuildingUnits")
            .Description("Co-building units within the distance, nearest first (ties by id).")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters")
            .Argument<IntGraphType>("first", "At most this many (default 10).")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("Compound.nearbyCoBuildingUnits", Issue));

    public static void AddTo(CoBuildingUnitType unit) =>
        unit.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NearbyCompoundType>>>>("nearbyCompounds")
            .Description("Compounds within the distance, nearest first (ties by id), for units looking for compounds to pair with.")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters")
            .Argument<IntGraphType>("first", "At most this many (default 10).")
            .Argument<BooleanGraphType>("unpairedOnly", "Leave out compounds already in an agreement with the unit.")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("CoBuildingUnit.nearbyCompounds", Issue));
}

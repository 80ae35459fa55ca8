using System.Text.Json;
using GeoHub.CoBuilding;
using GeoHub.Compounds;
using GeoHub.Data;
using GeoHub.GraphQL;
using GeoHub.Venues;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.BattleMap;

/// <summary>
/// The battle map's spatial questions. battleMap and venueGaps are answered (BattleMapQueries,
/// VenueGapQueries); the others are part of the contract and answer a coded NOT_IMPLEMENTED error
/// until issue 3 reaches them.
/// </summary>
public static class SpatialQueries
{
    private const string Issue = "issue 3";

    public static void AddTo(ObjectGraphType query)
    {
        query.Field<GeoJsonScalar>("battleMap")
            .Description("An RFC 7946 FeatureCollection of the area's compounds with their status, and the child areas' outlines with coverage.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<DateScalar>("asOf", "The day the statuses describe (default today in Longyan).")
            .ResolveAsync(async context =>
            {
                var code = context.GetArgument<string>("areaCode");
                var json = await BattleMapQueries.FeatureCollectionAsync(context.DataSource(), code, AsOf.From(context), context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
                using var document = JsonDocument.Parse(json);
                return document.RootElement.Clone();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VacantVenueType>>>>("vacantVenues")
            .Description("Venues with no booking overlapping [from, to), within the distance of a point, nearest first.")
            .Argument<NonNullGraphType<GeoJsonScalar>>("near", "A GeoJSON Point.")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to")
            .Argument<IntGraphType>("minCapacity")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("vacantVenues", Issue));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VenueGapType>>>>("venueGaps")
            .Description("Compounds of the area farther than maxDistanceMeters from every open venue, most households first (ties by id).")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<FloatGraphType>>("maxDistanceMeters", $"Metres on the WGS 84 spheroid, more than 0 and at most {VenueGapQueries.MaxDistanceLimit:0}.")
            .Argument<IntGraphType>("first", $"At most this many gaps (default {VenueGapQueries.DefaultFirst}, at most {VenueGapQueries.MaxFirst}).")
            .ResolveAsync(async context =>
            {
                var code = context.GetArgument<string>("areaCode");
                var maxDistance = context.GetArgument<double>("maxDistanceMeters");
                var first = context.GetArgument<int?>("first") ?? VenueGapQueries.DefaultFirst;
                if (!(maxDistance > 0 && maxDistance <= VenueGapQueries.MaxDistanceLimit))
                {
                    throw GraphQLErrors.InvalidArgument($"maxDistanceMeters must be more than 0 and at most {VenueGapQueries.MaxDistanceLimit:0}; got {maxDistance}.");
                }

                if (first is < 0 or > VenueGapQueries.MaxFirst)
                {
                    throw GraphQLErrors.InvalidArgument($"first must be 0 to {VenueGapQueries.MaxFirst}; got {first}.");
                }

                var factory = context.RequestServices!.GetRequiredService<IDbContextFactory<GeoHubDb>>();
                return await VenueGapQueries.FindAsync(context.DataSource(), factory, code, maxDistance, first, AsOf.Today, context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
            });
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

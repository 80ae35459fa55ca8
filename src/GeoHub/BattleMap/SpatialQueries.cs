using System.Text.Json;
using GeoHub.Access;
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
/// The battle map's spatial questions. Distances are metres on the WGS 84 spheroid (PostGIS
/// geography); lists by distance are nearest first, ties by id.
/// </summary>
public static class SpatialQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<GeoJsonScalar>("battleMap").Public()
            .Description("An RFC 7946 FeatureCollection of the area's compounds with their status, and the child areas' outlines with coverage.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<DateScalar>("asOf", "The day the statuses describe (default today in Longyan).")
            .Cost(arguments => 10 * FieldCosts.AreaScale(arguments.Text("areaCode")))
            .ResolveAsync(async context =>
            {
                var code = context.GetArgument<string>("areaCode");
                await context.RequestServices!.GetRequiredService<VenueReachFiller>().PokeAsync(context.CancellationToken);
                var json = await BattleMapQueries.FeatureCollectionAsync(context.DataSource(), code, AsOf.From(context), context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
                using var document = JsonDocument.Parse(json);
                return document.RootElement.Clone();
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VacantVenueType>>>>("vacantVenues").Public()
            .Description("Venues open and with no live booking overlapping [from, to), within withinMeters metres (WGS 84 spheroid, inclusive) of a point, nearest first, ties by id.")
            .Argument<NonNullGraphType<GeoJsonScalar>>("near", "A GeoJSON Point (else INVALID_GEOMETRY).")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters", $"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to", "After from; the period is half-open, so a booking starting at to does not clash.")
            .Argument<IntGraphType>("minCapacity", "Only venues holding at least this many people.")
            .Cost(100)
            .ResolveAsync(async context => await VacantVenueQueries.FindAsync(context));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VenueGapType>>>>("venueGaps").Public()
            .Description("Compounds of the area farther than maxDistanceMeters from every open venue, most households first (ties by id).")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<FloatGraphType>>("maxDistanceMeters", $"Metres on the WGS 84 spheroid, more than 0 and at most {VenueGapQueries.MaxDistanceLimit:0}.")
            .Argument<IntGraphType>("first", $"At most this many gaps (default {VenueGapQueries.DefaultFirst}, at most {VenueGapQueries.MaxFirst}).")
            .Argument<VenueLevelType>("minVenueLevel", "Only venues of this level or above count (COMPOUND < COMMUNITY < STREET); default any venue.")
            .Cost(arguments => 10 * FieldCosts.AreaScale(arguments.Text("areaCode")))
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
                var minLevel = context.GetArgument<VenueLevel?>("minVenueLevel") ?? VenueLevel.Compound;
                return await VenueGapQueries.FindAsync(context.DataSource(), factory, code, maxDistance, first, minLevel, AsOf.Today, context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
            });
    }

    public static void AddTo(CompoundType compound) =>
        compound.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NearbyUnitType>>>>("nearbyCoBuildingUnits").Public()
            .Description("Co-building units within withinMeters metres of the compound's boundary (WGS 84 spheroid, inclusive; 0 inside), nearest first (ties by id).")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters", $"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.")
            .Argument<IntGraphType>("first", $"At most this many (default {SpatialArguments.DefaultFirst}, 1 to {SpatialArguments.MaxFirst}).")
            .Resolve(context => NearbyDataLoaders.UnitsNearCompound(
                context, context.Source.Id, SpatialArguments.Meters(context.GetArgument<double>("withinMeters"), "withinMeters"), SpatialArguments.First(context)));

    public static void AddTo(CoBuildingUnitType unit) =>
        unit.Field<NonNullGraphType<ListGraphType<NonNullGraphType<NearbyCompoundType>>>>("nearbyCompounds").Public()
            .Description("Compounds whose boundary is within withinMeters metres of the unit (WGS 84 spheroid, inclusive), nearest first (ties by id), for units looking for compounds to pair with.")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters", $"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.")
            .Argument<IntGraphType>("first", $"At most this many (default {SpatialArguments.DefaultFirst}, 1 to {SpatialArguments.MaxFirst}).")
            .Argument<BooleanGraphType>("unpairedOnly", "Leave out compounds already paired with the unit (an agreement not ended as of today).")
            .Resolve(context => NearbyDataLoaders.CompoundsNearUnit(
                context, context.Source.Id, SpatialArguments.Meters(context.GetArgument<double>("withinMeters"), "withinMeters"), SpatialArguments.First(context),
                context.GetArgument<bool?>("unpairedOnly") ?? false));
}

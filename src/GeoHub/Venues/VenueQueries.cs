using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace GeoHub.Venues;

public static class VenueQueries
{
    private const string NearDescription = "Kept for older clients; where.near does the same.";

    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<VenueType, Venue>>>("venues").Public().DirectPage(typeof(Venue), near: true)
            .Description("Venues matching a filter, by id. areaCode and near are kept for older clients; where.areaCode and where.near do the same.")
            .Argument<VenueFilterType>("where")
            .Argument<StringGraphType>("areaCode")
            .Argument<NearFilterType>("near", NearDescription)
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<VenueFilter?>("where");
                var paths = await AreaQueries.PathsOfAsync(context, context.GetArgument<string?>("areaCode"), filter?.AreaCode);
                var near = SpatialFilter.Around(SpatialArguments.Near(context.GetArgument<NearFilter?>("near"), "near"));
                var spatial = SpatialFilter.From(filter?.Within, filter?.Intersects, filter?.Near);
                return await context.PageAsync(
                    db =>
                    {
                        var venues = db.Venues.InAreas(paths, v => v.Area).Match(filter?.Name, v => v.Name).Located(db, spatial).Located(db, near);
                        venues = filter?.Level is { } level ? venues.Where(v => v.Level == level) : venues;
                        return filter?.MinCapacity is { } capacity ? venues.Where(v => v.Capacity >= capacity) : venues;
                    },
                    [], v => v.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<OfficeSpaceType, OfficeSpace>>>("officeSpaces").Public()
            .Description("Office space matching a filter, by id. areaCode is kept for older clients; where.areaCode does the same.")
            .Argument<StringGraphType>("areaCode")
            .Argument<OfficeSpaceFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<OfficeSpaceFilter?>("where");
                var paths = await AreaQueries.PathsOfAsync(context, context.GetArgument<string?>("areaCode"), filter?.AreaCode);
                var spatial = SpatialFilter.From(filter?.Within, filter?.Intersects, filter?.Near);
                var today = AsOf.Today(context);
                return await context.PageAsync(db => Filter(db, filter, paths, spatial, today), [], o => o.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<BookingType, Booking>>>("bookings").Internal(DataKind.Bookings)
            .Description("Venue bookings matching a filter, by id; cancelled ones only when asked for.")
            .Argument<BookingFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<BookingFilter?>("where");
                var venueId = filter?.VenueId is { } id ? GlobalId.Decode(id, "Venue") : (int?)null;
                var paths = await AreaQueries.PathsOfAsync(context, filter?.AreaCode);
                var period = Period(filter?.From, filter?.To);
                return await context.PageAsync(
                    db =>
                    {
                        var bookings = db.Bookings.InAreas(paths, b => b.Venue!.Area);
                        bookings = venueId is { } venue ? bookings.Where(b => b.VenueId == venue) : bookings;
                        bookings = period is { } during ? bookings.Where(b => b.During.Overlaps(during)) : bookings;
                        return filter?.IncludeCancelled == true ? bookings : bookings.Where(b => b.CancelledAt == null);
                    },
                    [], b => b.Id);
            });
    }

    /// <summary>[from, to) with either end open when not given; null when neither is.</summary>
    private static NpgsqlRange<DateTime>? Period(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from >= to)
        {
            throw GraphQLErrors.InvalidArgument("where.from must be before where.to.");
        }

        return from is null && to is null
            ? null
            : new NpgsqlRange<DateTime>(
                from?.UtcDateTime ?? default, true, from is null,
                to?.UtcDateTime ?? default, false, to is null);
    }

    private static IQueryable<OfficeSpace> Filter(GeoHubDb db, OfficeSpaceFilter? filter, List<string> paths, SpatialFilter spatial, DateOnly today)
    {
        var spaces = db.OfficeSpaces.InAreas(paths, o => o.Area).Match(filter?.Name, o => o.Name).Located(db, spatial);
        spaces = filter?.Vacant switch
        {
            // Vacant: not assigned on the day, [assigned_on, released_on) (never assigned: vacant).
            true => spaces.Where(ActiveOn.WhereNot<OfficeSpace>(o => o.AssignedOn, o => o.ReleasedOn, today)),
            false => spaces.Where(ActiveOn.Where<OfficeSpace>(o => o.AssignedOn, o => o.ReleasedOn, today)),
            null => spaces,
        };
        if (filter?.AddedFrom is { } from)
        {
            spaces = spaces.Where(o => o.AddedOn >= from);
        }

        if (filter?.AddedTo is { } to)
        {
            spaces = spaces.Where(o => o.AddedOn <= to);
        }

        return spaces;
    }
}

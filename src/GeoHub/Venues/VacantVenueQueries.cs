using GeoHub.Access;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Venues;

/// <summary>Venues free over a period near a point: the planners' "where can we meet" question.</summary>
public static class VacantVenueQueries
{
    // ST_DWithin uses the GiST index on venues.location; the booking test is the exclusion
    // constraint's own operator (&&) on half-open ranges, so a booking ending when the period
    // starts does not block it, and a cancelled one never does.
    private static readonly string Sql = $"""
        SELECT v.id, ST_Distance(v.location, p.near) AS distance_meters
        FROM venues v, (SELECT ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography AS near) p
        WHERE ST_DWithin(v.location, p.near, @within)
          AND {ActiveOn.ThroughoutSql("v.opened_on", "v.closed_on", "@first_day", "@last_day")}
          AND (@min_capacity::int IS NULL OR v.capacity >= @min_capacity::int)
          AND NOT EXISTS (SELECT 1 FROM bookings b
                          WHERE b.venue_id = v.id AND b.cancelled_at IS NULL
                            AND b.during && tstzrange(@from, @to, '[)'))
        ORDER BY distance_meters, v.id
        """;

    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<VacantVenueType>>>>("vacantVenues").Public()
            .Description("Venues open and with no live booking overlapping [from, to), within withinMeters metres (WGS 84 spheroid, inclusive) of a point, nearest first, ties by id.")
            .Argument<NonNullGraphType<GeoJsonScalar>>("near", "A GeoJSON Point (else INVALID_GEOMETRY).")
            .Argument<NonNullGraphType<FloatGraphType>>("withinMeters", $"Metres, more than 0 and at most {SpatialArguments.MaxMeters:N0}.")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to", "After from; the period is half-open, so a booking starting at to does not clash.")
            .Argument<IntGraphType>("minCapacity", "Only venues holding at least this many people.")
            .Cost(100)
            .ResolveAsync(async context => await FindAsync(context));

    public static async Task<IReadOnlyList<VacantVenue>> FindAsync(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var near = GeoJson.ReadPoint(context.GetArgument<System.Text.Json.JsonElement>("near"), "near");
        var within = SpatialArguments.Meters(context.GetArgument<double>("withinMeters"), "withinMeters");
        var from = context.GetArgument<DateTimeOffset>("from");
        var to = context.GetArgument<DateTimeOffset>("to");
        if (from >= to)
        {
            throw GraphQLErrors.InvalidArgument("from must be before to.");
        }

        var minCapacity = context.GetArgument<int?>("minCapacity");

        List<(int Id, double DistanceMeters)> rows = [];
        await using (var command = context.DataSource().CreateCommand(Sql))
        {
            command.Parameters.AddWithValue("lon", near.X);
            command.Parameters.AddWithValue("lat", near.Y);
            command.Parameters.AddWithValue("within", within + SpatialArguments.InclusiveSlackMeters);
            // A venue must be open on every local day the period touches; [from, to) ends just before to.
            command.Parameters.AddWithValue("first_day", LongyanDay.Of(from));
            command.Parameters.AddWithValue("last_day", LongyanDay.Of(to.AddTicks(-1)));
            command.Parameters.AddWithValue("min_capacity", minCapacity is { } capacity ? capacity : DBNull.Value);
            command.Parameters.AddWithValue("from", from.UtcDateTime);
            command.Parameters.AddWithValue("to", to.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
            while (await reader.ReadAsync(context.CancellationToken))
            {
                rows.Add((reader.GetInt32(0), reader.GetDouble(1)));
            }
        }

        if (rows.Count == 0)
        {
            return [];
        }

        await using var db = await context.CreateDbAsync();
        int[] ids = [.. rows.Select(r => r.Id)];
        var venues = await db.Venues.AsNoTracking().Where(v => ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id, context.CancellationToken);
        return [.. rows.Select(r => new VacantVenue(venues[r.Id], r.DistanceMeters))];
    }
}

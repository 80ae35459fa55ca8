using GeoHub.GraphQL;
using GraphQL;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Venues;

/// <summary>Venues free over a period near a point: the planners' "where can we meet" question.</summary>
public static class VacantVenueQueries
{
    /// <summary>The demo map's zone (Asia/Shanghai, no daylight saving): venue dates are local dates.</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(8);

    // ST_DWithin uses the GiST index on venues.location; the booking test is the exclusion
    // constraint's own operator (&&) on half-open ranges, so a booking ending when the period
    // starts does not block it, and a cancelled one never does.
    private const string Sql = """
        SELECT v.id, ST_Distance(v.location, p.near) AS distance_meters
        FROM venues v, (SELECT ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography AS near) p
        WHERE ST_DWithin(v.location, p.near, @within)
          AND v.opened_on <= @first_day AND (v.closed_on IS NULL OR v.closed_on > @last_day)
          AND (@min_capacity::int IS NULL OR v.capacity >= @min_capacity::int)
          AND NOT EXISTS (SELECT 1 FROM bookings b
                          WHERE b.venue_id = v.id AND b.cancelled_at IS NULL
                            AND b.during && tstzrange(@from, @to, '[)'))
        ORDER BY distance_meters, v.id
        """;

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
            command.Parameters.AddWithValue("first_day", LocalDate(from));
            command.Parameters.AddWithValue("last_day", LocalDate(to.AddTicks(-1)));
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

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(LocalOffset).DateTime);
}

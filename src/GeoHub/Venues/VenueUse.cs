using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;
using Npgsql;

namespace GeoHub.Venues;

/// <summary>
/// Which venues a live booking holds over a period, for the venues layer of the battle map: one
/// statement for every venue asked for at a level. It reads bookings without the access filter
/// on purpose, and answers only yes or no per venue, never a booking.
/// </summary>
public static class VenueUse
{
    private const string Sql = """
        SELECT DISTINCT venue_id FROM bookings
        WHERE venue_id = ANY(@ids) AND cancelled_at IS NULL AND during && tstzrange(@from, @to, '[)')
        """;

    public static IDataLoaderResult<bool> InUse(IResolveFieldContext context, int venueId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var from = context.GetArgument<DateTimeOffset>("from").UtcDateTime;
        var to = context.GetArgument<DateTimeOffset>("to").UtcDateTime;
        if (to <= from)
        {
            throw GraphQLErrors.InvalidArgument("to must be after from.");
        }

        var dataSource = context.DataSource();
        return context.Loaders().Get<int, bool>($"VenueInUse@{from:O}/{to:O}", async (ids, cancellationToken) =>
        {
            await using var command = dataSource.CreateCommand(Sql);
            command.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. ids]));
            command.Parameters.Add(new NpgsqlParameter<DateTime>("from", from));
            command.Parameters.Add(new NpgsqlParameter<DateTime>("to", to));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var used = new HashSet<int>();
            while (await reader.ReadAsync(cancellationToken))
            {
                used.Add(reader.GetInt32(0));
            }

            return ids.ToDictionary(id => id, used.Contains);
        }).Load(venueId).Then(used => used);
    }
}

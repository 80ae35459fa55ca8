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
    public static IDataLoaderResult<bool> InUse(IResolveFieldContext context, int venueId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var from = context.GetArgument<DateTimeOffset>("from").UtcDateTime;
        var to = context.GetArgument<DateTimeOffset>("to").UtcDateTime;
        if (to <= from)
        {
            throw GraphQLErrors.InvalidArgument("to must be after from.");
        }

        return context.Load(new VenuesInUseById(from, to), venueId).Then(used => used);
    }
}

/// <summary>Whether a live booking holds each venue at some time in [<see cref="From"/>, <see cref="To"/>) (UTC).</summary>
public sealed record VenuesInUseById(DateTime From, DateTime To) : IBatchFetch<int, bool>
{
    private const string Sql = """
        SELECT DISTINCT venue_id FROM bookings
        WHERE venue_id = ANY(@ids) AND cancelled_at IS NULL AND during && tstzrange(@from, @to, '[)')
        """;

    public async Task<IReadOnlyDictionary<int, bool>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
    {
        await using var command = services.DataSource().CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. keys]));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("from", From));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("to", To));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var used = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            used.Add(reader.GetInt32(0));
        }

        return keys.ToDictionary(id => id, used.Contains);
    }
}

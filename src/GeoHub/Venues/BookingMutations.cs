using System.Globalization;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.Venues;

public static class BookingMutations
{
    public static void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<BookingType>>("bookVenue")
            .Description("Book a venue over [from, to); an overlapping live booking is a BOOKING_CONFLICT error naming it.")
            .Argument<NonNullGraphType<IdGraphType>>("venueId")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to")
            .Argument<NonNullGraphType<StringGraphType>>("bookedBy")
            .Argument<StringGraphType>("purpose")
            .ResolveAsync(async context => await BookAsync(context));

        mutation.Field<NonNullGraphType<BookingType>>("cancelBooking")
            .Description("Cancel a booking; its time becomes free again. Cancelling a cancelled booking is an INVALID_ARGUMENT error.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context => await CancelAsync(context));
    }

    /// <summary>
    /// The exclusion constraint ex_bookings_no_overlap decides, not a check before the insert:
    /// a check-then-insert would let two concurrent requests both see the time free.
    /// </summary>
    private static async Task<Booking> BookAsync(IResolveFieldContext context)
    {
        var venueId = GlobalId.Decode(context.GetArgument<string>("venueId"), "Venue");
        var from = context.GetArgument<DateTimeOffset>("from");
        var to = context.GetArgument<DateTimeOffset>("to");
        var bookedBy = context.GetArgument<string>("bookedBy").Trim();
        if (from >= to)
        {
            throw GraphQLErrors.InvalidArgument("from must be before to.");
        }

        if (bookedBy.Length == 0)
        {
            throw GraphQLErrors.InvalidArgument("bookedBy must name who books.");
        }

        await using var db = await context.CreateDbAsync();
        if (!await db.Venues.AnyAsync(v => v.Id == venueId, context.CancellationToken))
        {
            throw GraphQLErrors.NotFound("venue", $"id {context.GetArgument<string>("venueId")}");
        }

        var during = new NpgsqlRange<DateTime>(from.UtcDateTime, true, to.UtcDateTime, false);
        var purpose = context.GetArgument<string?>("purpose");
        var now = DateTime.UtcNow;
        int[] inserted;
        try
        {
            // ON CONFLICT DO NOTHING lets the exclusion constraint refuse an overlap without an
            // error: an expected conflict is an answer to the client, not a failure to log.
            inserted = await db.Database.SqlQuery<int>($"""
                INSERT INTO bookings (venue_id, during, booked_by, purpose, created_at)
                VALUES ({venueId}, {during}, {bookedBy}, {purpose}, {now})
                ON CONFLICT DO NOTHING
                RETURNING id AS "Value"
                """).ToArrayAsync(context.CancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The venue was deleted between the check and the insert.
            throw GraphQLErrors.NotFound("venue", $"id {context.GetArgument<string>("venueId")}");
        }

        if (inserted.Length == 0)
        {
            throw await ConflictAsync(db, venueId, during, context.CancellationToken);
        }

        return await db.Bookings.AsNoTracking().SingleAsync(b => b.Id == inserted[0], context.CancellationToken);
    }

    /// <summary>The error names the live booking in the way; it is looked up after the failed insert.</summary>
    private static async Task<ExecutionError> ConflictAsync(GeoHubDb db, int venueId, NpgsqlRange<DateTime> during, CancellationToken cancellationToken)
    {
        var clash = await db.Bookings.AsNoTracking()
            .Where(b => b.VenueId == venueId && b.CancelledAt == null && b.During.Overlaps(during))
            .OrderBy(b => b.During.LowerBound).ThenBy(b => b.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (clash is null)
        {
            // Cancelled in the meantime: the time may be free now, but this request did not get it.
            return new ExecutionError("The venue was booked over an overlapping period; try again.") { Code = ErrorCodes.BookingConflict };
        }

        var id = GlobalId.Encode("Booking", clash.Id);
        var clashFrom = Instant(clash.During.LowerBound);
        var clashTo = Instant(clash.During.UpperBound);
        return new ExecutionError($"The venue is already booked over [{clashFrom}, {clashTo}) by booking {id}.")
        {
            Code = ErrorCodes.BookingConflict,
            Extensions = new Dictionary<string, object?>
            {
                ["conflictingBooking"] = new Dictionary<string, object?> { ["id"] = id, ["from"] = clashFrom, ["to"] = clashTo },
            },
        };
    }

    private static async Task<Booking> CancelAsync(IResolveFieldContext context)
    {
        var globalId = context.GetArgument<string>("id");
        var id = GlobalId.Decode(globalId, "Booking");
        await using var db = await context.CreateDbAsync();
        // One statement, so two concurrent cancellations cannot both succeed.
        var cancelled = await db.Bookings
            .Where(b => b.Id == id && b.CancelledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.CancelledAt, DateTime.UtcNow), context.CancellationToken);
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, context.CancellationToken)
            ?? throw GraphQLErrors.NotFound("booking", $"id {globalId}");
        return cancelled == 1 ? booking : throw GraphQLErrors.InvalidArgument($"Booking {globalId} was already cancelled.");
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

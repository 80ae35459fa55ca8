using System.Globalization;
using GeoHub.Access;
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
        mutation.Field<NonNullGraphType<BookingType>>("bookVenue").Write()
            .Description("Book a venue over [from, to); an overlapping live booking is a BOOKING_CONFLICT error naming it.")
            .Argument<NonNullGraphType<IdGraphType>>("venueId")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to")
            .Argument<NonNullGraphType<StringGraphType>>("bookedBy")
            .Argument<StringGraphType>("purpose")
            .ResolveAsync(async context => await BookAsync(context));

        mutation.Field<NonNullGraphType<BookingType>>("cancelBooking").Write()
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
        var venue = await db.Venues.AsNoTracking().Where(v => v.Id == venueId).Select(v => new { v.Area!.Path, v.Area.Code }).FirstOrDefaultAsync(context.CancellationToken)
            ?? throw GraphQLErrors.NotFound("venue", $"id {context.GetArgument<string>("venueId")}");

        // OFFICER: venues in its areas; a UNIT books for itself (the booking is then its own).
        var access = context.Access();
        var unitId = access.Caller.Role == Role.Unit ? access.Caller.UnitId : null;
        access.DemandWrite(context, venue.Path, venue.Code, unitId);

        var during = new NpgsqlRange<DateTime>(from.UtcDateTime, true, to.UtcDateTime, false);
        var purpose = context.GetArgument<string?>("purpose");
        var now = DateTime.UtcNow;
        int[] inserted;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        try
        {
            // ON CONFLICT DO NOTHING lets the exclusion constraint refuse an overlap without an
            // error: an expected conflict is an answer to the client, not a failure to log.
            inserted = await db.Database.SqlQuery<int>($"""
                INSERT INTO bookings (venue_id, during, booked_by, purpose, created_at, unit_id)
                VALUES ({venueId}, {during}, {bookedBy}, {purpose}, {now}, {unitId})
                ON CONFLICT DO NOTHING
                RETURNING id AS "Value"
                """).ToArrayAsync(context.CancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // The venue was deleted between the check and the insert.
            var missing = GraphQLErrors.NotFound("venue", $"id {context.GetArgument<string>("venueId")}");
            access.WriteFailed(context, venue.Code, missing);
            throw missing;
        }

        if (inserted.Length == 0)
        {
            await transaction.RollbackAsync(context.CancellationToken);
            var conflict = await ConflictAsync(db, venueId, during, context.CancellationToken);
            access.WriteFailed(context, venue.Code, conflict);
            throw conflict;
        }

        await access.AppendWriteAsync(db, context, venue.Code, "OK");
        await transaction.CommitAsync(context.CancellationToken);
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
        // Read past the caller's scope to tell a missing booking (NOT_FOUND) from one the caller
        // may not cancel (FORBIDDEN); only callers who may write somewhere get this far.
        var target = await db.Bookings.IgnoreQueryFilters().AsNoTracking().Where(b => b.Id == id)
                .Select(b => new { b.UnitId, b.Venue!.Area!.Path, b.Venue.Area.Code })
                .FirstOrDefaultAsync(context.CancellationToken)
            ?? throw GraphQLErrors.NotFound("booking", $"id {globalId}");
        var access = context.Access();
        access.DemandWrite(context, target.Path, target.Code, target.UnitId);

        // One statement, so two concurrent cancellations cannot both succeed.
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var cancelled = await db.Bookings.IgnoreQueryFilters()
            .Where(b => b.Id == id && b.CancelledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.CancelledAt, DateTime.UtcNow), context.CancellationToken);
        if (cancelled == 0)
        {
            var error = GraphQLErrors.InvalidArgument($"Booking {globalId} was already cancelled.");
            access.WriteFailed(context, target.Code, error);
            throw error;
        }

        await access.AppendWriteAsync(db, context, target.Code, "OK");
        await transaction.CommitAsync(context.CancellationToken);
        return await db.Bookings.IgnoreQueryFilters().AsNoTracking().SingleAsync(b => b.Id == id, context.CancellationToken);
    }

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

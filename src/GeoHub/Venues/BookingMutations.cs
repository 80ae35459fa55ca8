using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

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
            .Resolve(_ => throw GraphQLErrors.NotImplemented("bookVenue", "issue 3"));

        mutation.Field<NonNullGraphType<BookingType>>("cancelBooking")
            .Description("Cancel a booking; its time becomes free again.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("cancelBooking", "issue 3"));
    }
}

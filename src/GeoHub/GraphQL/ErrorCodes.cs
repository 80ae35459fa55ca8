namespace GeoHub.GraphQL;

/// <summary>The <c>extensions.code</c> values GeoHub's own errors carry; clients branch on them.</summary>
public static class ErrorCodes
{
    public const string NotFound = "NOT_FOUND";
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string InvalidCursor = "INVALID_CURSOR";
    public const string InvalidId = "INVALID_ID";
    public const string InvalidGeometry = "INVALID_GEOMETRY";
    public const string NotImplemented = "NOT_IMPLEMENTED";
    public const string BookingConflict = "BOOKING_CONFLICT";
}

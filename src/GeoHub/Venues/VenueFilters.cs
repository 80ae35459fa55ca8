using System.Text.Json;
using GeoHub.GraphQL;
using GraphQL.Types;

namespace GeoHub.Venues;

public sealed class VenueFilter
{
    public string? AreaCode { get; set; }
    public StringFilter? Name { get; set; }
    public VenueLevel? Level { get; set; }
    public int? MinCapacity { get; set; }
    public JsonElement? Within { get; set; }
    public JsonElement? Intersects { get; set; }
    public NearFilter? Near { get; set; }
}

public sealed class VenueFilterType : InputObjectGraphType<VenueFilter>
{
    public VenueFilterType()
    {
        Name = "VenueFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only venues serving this area or one under it (any level: city, district, street, community).");
        Field(f => f.Name, type: typeof(StringFilterType));
        Field(f => f.Level, type: typeof(VenueLevelType)).Description("Only venues of exactly this level.");
        Field(f => f.MinCapacity, nullable: true).Description("Only venues holding at least this many people.");
        SpatialFields.AddTo(this, "venues");
    }
}

public sealed class OfficeSpaceFilter
{
    public string? AreaCode { get; set; }
    public StringFilter? Name { get; set; }
    public bool? Vacant { get; set; }
    public JsonElement? Within { get; set; }
    public JsonElement? Intersects { get; set; }
    public NearFilter? Near { get; set; }
    public DateOnly? AddedFrom { get; set; }
    public DateOnly? AddedTo { get; set; }
}

public sealed class OfficeSpaceFilterType : InputObjectGraphType<OfficeSpaceFilter>
{
    public OfficeSpaceFilterType()
    {
        Name = "OfficeSpaceFilter";
        Description = "Every condition given must hold.";
        Field(f => f.AreaCode, nullable: true).Description("Only office space in this area (any level: city, district, street, community).");
        Field(f => f.Name, type: typeof(StringFilterType));
        Field(f => f.Vacant, nullable: true).Description("true: not assigned as of today; false: assigned on or before today.");
        SpatialFields.AddTo(this, "office space");
        Field(f => f.AddedFrom, nullable: true).Description("Added on or after this day.");
        Field(f => f.AddedTo, nullable: true).Description("Added on or before this day.");
    }
}

public sealed class BookingFilter
{
    public string? VenueId { get; set; }
    public string? AreaCode { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
    public bool? IncludeCancelled { get; set; }
}

public sealed class BookingFilterType : InputObjectGraphType<BookingFilter>
{
    public BookingFilterType()
    {
        Name = "BookingFilter";
        Description = "Every condition given must hold.";
        Field(f => f.VenueId, type: typeof(IdGraphType)).Description("Only bookings of this venue.");
        Field(f => f.AreaCode, nullable: true).Description("Only bookings of venues serving this area or one under it.");
        Field(f => f.From, type: typeof(DateTimeScalar)).Description("Only bookings overlapping [from, to): ending after from.");
        Field(f => f.To, type: typeof(DateTimeScalar)).Description("Only bookings overlapping [from, to): starting before to.");
        Field(f => f.IncludeCancelled, nullable: true).Description("Also cancelled bookings (default false).");
    }
}

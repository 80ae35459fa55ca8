using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.Compounds;
using GeoHub.GraphQL;
using GraphQL.Types;

namespace GeoHub.Venues;

public sealed class VenueLevelType : EnumerationGraphType<VenueLevel>
{
    public VenueLevelType() => Name = "VenueLevel";
}

public sealed class OfficeSpaceSourceType : EnumerationGraphType<OfficeSpaceSource>
{
    public OfficeSpaceSourceType()
    {
        Name = "OfficeSpaceSource";
        Description = "RESIDENT_UNIT 驻区单位腾出, PROPERTY_ROOM 物业用房, IDLE_PUBLIC_HOUSING 闲置公房, DEVELOPER_HANDOVER 开发商移交.";
    }
}

public sealed class VenueType : NodeGraphType<Venue>
{
    public VenueType()
        : base("Venue", v => v.Id, "An activity venue or party-mass service centre (活动阵地 / 党群服务中心).")
    {
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field(v => v.Name).Public();
        Field<NonNullGraphType<VenueLevelType>>("level").Public().Column(v => v.Level);
        Field<NonNullGraphType<GeoJsonScalar>>("location").Public().Description("Point, WGS 84.").Column(v => v.Location);
        Field<NonNullGraphType<FloatGraphType>>("floorAreaSqm").Public().Resolve(context => (double)context.Source.FloorAreaSqm);
        Field(v => v.Capacity).Public();
        Field(v => v.OpeningHours, nullable: true).Public();
        Field<NonNullGraphType<DateScalar>>("openedOn").Public().Column(v => v.OpenedOn);
        Field<DateScalar>("closedOn").Public().Column(v => v.ClosedOn);
        Field<NonNullGraphType<AreaType>>("area").Public().Resolve(context => context.LoadById<Area>(context.Source.AreaId));
        Field<CompoundType>("compound").Public().Resolve(context => context.Source.CompoundId is { } id ? context.LoadById<Compound>(id) : null);
        Field<NonNullGraphType<BooleanGraphType>>("inUse").Public()
            .Description("Whether a live booking overlaps [from, to): the map layer of venues in use, public as every map layer is (who booked and why stay with the bookings).")
            .Argument<NonNullGraphType<DateTimeScalar>>("from")
            .Argument<NonNullGraphType<DateTimeScalar>>("to")
            .Resolve(context => VenueUse.InUse(context, context.Source.Id));
    }
}

public sealed class BookingType : NodeGraphType<Booking>
{
    public BookingType()
        : base("Booking", b => b.Id, "A venue booking over [from, to).")
    {
        Field<NonNullGraphType<DateTimeScalar>>("from").Internal(DataKind.Bookings).Resolve(context => context.Source.During.LowerBound);
        Field<NonNullGraphType<DateTimeScalar>>("to").Internal(DataKind.Bookings).Resolve(context => context.Source.During.UpperBound);
        Field(b => b.BookedBy).Personal(DataKind.Bookings).Description("Personal data when a person booked.");
        Field(b => b.Purpose, nullable: true).Internal(DataKind.Bookings);
        Field<DateTimeScalar>("cancelledAt").Internal(DataKind.Bookings).Resolve(context => context.Source.CancelledAt);
        Field<NonNullGraphType<VenueType>>("venue").Internal(DataKind.Bookings).Resolve(context => context.LoadById<Venue>(context.Source.VenueId));
    }
}

public sealed class OfficeSpaceType : NodeGraphType<OfficeSpace>
{
    public OfficeSpaceType()
        : base("OfficeSpace", o => o.Id, "Office space (办公用房) for compound organisations, committees and property companies.")
    {
        Field(o => o.Name).Public();
        Field(o => o.Address, nullable: true).Public();
        Field<NonNullGraphType<GeoJsonScalar>>("location").Public().Description("Point, WGS 84.").Column(v => v.Location);
        Field<NonNullGraphType<FloatGraphType>>("floorAreaSqm").Public().Resolve(context => (double)context.Source.FloorAreaSqm);
        Field<NonNullGraphType<OfficeSpaceSourceType>>("source").Public().Resolve(context => context.Source.Source);
        Field<NonNullGraphType<DateScalar>>("addedOn").Public().Resolve(context => context.Source.AddedOn);
        Field(x => x.Version).Public().Description("Changes with every write to the record; give it back to change the record (STALE_VERSION when it moved on).");
        Field<DateScalar>("assignedOn").Public().Resolve(context => context.Source.AssignedOn);
        Field<DateScalar>("releasedOn").Public().Description("When assigned space was given up; vacant from then.").Resolve(context => context.Source.ReleasedOn);
        Field<NonNullGraphType<BooleanGraphType>>("vacant").Public()
            .Description("Not assigned as of the date given (default today).")
            .Argument<DateScalar>("asOf")
            .Resolve(context => !ActiveOn.Holds(context.Source.AssignedOn, context.Source.ReleasedOn, AsOf.From(context)));
        Field<NonNullGraphType<AreaType>>("area").Public().Resolve(context => context.LoadById<Area>(context.Source.AreaId));
    }
}

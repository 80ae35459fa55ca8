using GeoHub.CoBuilding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace GeoHub.Venues;

/// <summary>
/// A venue booking over a half-open time range. An exclusion constraint on (venue, during) for
/// bookings not cancelled makes double booking impossible, even between concurrent requests.
/// </summary>
public sealed class Booking
{
    public int Id { get; set; }
    public int VenueId { get; set; }
    public Venue? Venue { get; set; }
    public NpgsqlRange<DateTime> During { get; set; }
    public required string BookedBy { get; set; }
    public string? Purpose { get; set; }

    /// <summary>The co-building unit that booked, when a UNIT caller did: its own bookings are these.</summary>
    public int? UnitId { get; set; }

    public CoBuildingUnit? Unit { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
}

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> booking)
    {
        booking.Property(b => b.During).HasColumnType("tstzrange");
        booking.HasOne(b => b.Venue).WithMany().HasForeignKey(b => b.VenueId).OnDelete(DeleteBehavior.Cascade);
        booking.HasOne(b => b.Unit).WithMany().HasForeignKey(b => b.UnitId).OnDelete(DeleteBehavior.SetNull);
        booking.ToTable(t => t.HasCheckConstraint("ck_bookings_during", "NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)"));
    }
}

using GeoHub.Compounds;
using GeoHub.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeoHub.Committees;

/// <summary>
/// A compound's owners' committee (业委会). It counts as "red" (红色业委会) when it was formed
/// under the party organisation's lead and party members hold seats on it; the second half is
/// read from the seats, so the figure follows the seats over time.
/// </summary>
public sealed class OwnersCommittee
{
    public int Id { get; set; }
    public int CompoundId { get; set; }
    public Compound? Compound { get; set; }
    public required string Name { get; set; }
    public DateOnly FormedOn { get; set; }
    public DateOnly? DissolvedOn { get; set; }
    public bool FormedUnderPartyLead { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
    public List<CommitteeSeat> Seats { get; } = [];
}

public enum SeatRole
{
    Director,
    DeputyDirector,
    Member,
}

/// <summary>A seat on an owners' committee; the holder is a party member or another owner.</summary>
public sealed class CommitteeSeat
{
    public int Id { get; set; }
    public int CommitteeId { get; set; }
    public OwnersCommittee? Committee { get; set; }
    public SeatRole Role { get; set; }
    public required string HolderName { get; set; }
    public int? PartyMemberId { get; set; }
    public PartyMember? PartyMember { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }

    /// <summary>Bumped by every write that changes the row; a change must name the version it read (STALE_VERSION otherwise).</summary>
    public int Version { get; set; } = 1;
}

internal sealed class OwnersCommitteeConfiguration : IEntityTypeConfiguration<OwnersCommittee>
{
    public void Configure(EntityTypeBuilder<OwnersCommittee> committee)
    {
        // One committee at a time per compound is an exclusion constraint over its dates (migration Writes), so a
        // dissolved committee can be followed by a new one.
        committee.HasIndex(c => c.CompoundId);
        committee.HasOne(c => c.Compound).WithMany().HasForeignKey(c => c.CompoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommitteeSeatConfiguration : IEntityTypeConfiguration<CommitteeSeat>
{
    public void Configure(EntityTypeBuilder<CommitteeSeat> seat)
    {
        seat.Property(s => s.Role).HasConversion<string>().HasMaxLength(16);
        seat.HasIndex(s => s.CommitteeId);
        seat.HasIndex(s => s.PartyMemberId);
        seat.HasOne(s => s.Committee).WithMany(c => c.Seats).HasForeignKey(s => s.CommitteeId).OnDelete(DeleteBehavior.Cascade);
        seat.HasOne(s => s.PartyMember).WithMany().HasForeignKey(s => s.PartyMemberId).OnDelete(DeleteBehavior.SetNull);
        seat.ToTable(t => t.HasCheckConstraint("ck_committee_seats_dates", "until IS NULL OR until > \"from\""));
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GeoHub.Organizations;

/// <summary>The four kinds of 三会一课 meeting.</summary>
public enum MeetingKind
{
    BranchCommittee,
    PartyGroup,
    GeneralAssembly,
    PartyLecture,
}

public sealed class Meeting
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public PartyOrganization? Organization { get; set; }
    public int? PartyGroupId { get; set; }
    public PartyGroup? PartyGroup { get; set; }
    public MeetingKind Kind { get; set; }
    public DateOnly HeldOn { get; set; }
    public string? Topic { get; set; }
    public int Attendees { get; set; }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> meeting)
    {
        meeting.Property(m => m.Kind).HasConversion<string>().HasMaxLength(24);
        meeting.HasIndex(m => new { m.OrganizationId, m.HeldOn });
        meeting.HasOne(m => m.Organization).WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        meeting.HasOne(m => m.PartyGroup).WithMany().HasForeignKey(m => m.PartyGroupId).OnDelete(DeleteBehavior.SetNull);
    }
}

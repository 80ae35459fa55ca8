using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.Compounds;
using GeoHub.Organizations;
using GeoHub.Venues;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Data;

public sealed class GeoHubDb(DbContextOptions<GeoHubDb> options) : DbContext(options)
{
    /// <summary>
    /// Whom the context reads for: internal rows outside this caller's reach are filtered out of
    /// every query (<see cref="AccessScope"/>). A request's contexts get its caller from
    /// <see cref="CallerDbContextFactory"/>; any other context sees public data only.
    /// </summary>
    public Caller Caller { get; set; } = Caller.Anonymous;

    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Compound> Compounds => Set<Compound>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Stairwell> Stairwells => Set<Stairwell>();
    public DbSet<PropertyCompany> PropertyCompanies => Set<PropertyCompany>();
    public DbSet<PartyOrganization> PartyOrganizations => Set<PartyOrganization>();
    public DbSet<OrganizationCompound> OrganizationCompounds => Set<OrganizationCompound>();
    public DbSet<PartyGroup> PartyGroups => Set<PartyGroup>();
    public DbSet<PartyMember> PartyMembers => Set<PartyMember>();
    public DbSet<PartyRole> PartyRoles => Set<PartyRole>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<OwnersCommittee> OwnersCommittees => Set<OwnersCommittee>();
    public DbSet<CommitteeSeat> CommitteeSeats => Set<CommitteeSeat>();
    public DbSet<Venue> Venues => Set<Venue>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<OfficeSpace> OfficeSpaces => Set<OfficeSpace>();
    public DbSet<CoBuildingUnit> CoBuildingUnits => Set<CoBuildingUnit>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Activity> Activities => Set<Activity>();

    // A pooled context goes back to the pool on disposal: it must not keep the last caller.
    public override void Dispose()
    {
        Caller = Caller.Anonymous;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Caller = Caller.Anonymous;
        return base.DisposeAsync();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GeoHubDb).Assembly);
        AccessScope.AddQueryFilters(modelBuilder, this);
    }
}

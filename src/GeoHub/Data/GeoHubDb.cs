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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GeoHubDb).Assembly);
    }
}

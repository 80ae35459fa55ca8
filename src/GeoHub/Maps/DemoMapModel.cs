using GeoHub.Areas;
using GeoHub.CoBuilding;
using GeoHub.Committees;
using GeoHub.Organizations;
using GeoHub.Venues;
using NetTopologySuite.Geometries;

namespace GeoHub.Maps;

// The generator's in-memory map: the rows of the files, linked by object references so that the
// figures can be counted before anything is written. Files refer to each other by the codes/keys here.

internal sealed class MapArea
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public AreaLevel Level { get; init; }
    public MapArea? Parent { get; init; }
    public required MultiPolygon Boundary { get; set; }

    /// <summary>The point the area's cell was grown around; urban clusters gather near it.</summary>
    public required Point Site { get; init; }
    public string Path => Parent is null ? Code : Parent.Path + "/" + Code;
    public MapArea District => Level == AreaLevel.District ? this : Parent!.District;
    public MapArea Township => Level == AreaLevel.Street ? this : Parent!.Township;
}

internal sealed class MapCompound
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required MapArea Community { get; init; }
    public int Households { get; set; }
    public required string Address { get; init; }
    public int BuiltYear { get; init; }
    public required MultiPolygon Boundary { get; init; }
    public string? PropertyCompany { get; set; }
    public List<MapBuilding> Buildings { get; } = [];
    public List<MapMember> Members { get; } = [];
    public MapOrganization? Organization { get; set; }
    public MapCommittee? Committee { get; set; }
}

internal sealed class MapBuilding
{
    public required string Name { get; init; }
    public int Floors { get; init; }
    public required Point Location { get; init; }
    public List<(string Name, int Households)> Stairwells { get; } = [];
}

internal sealed class MapMember
{
    public required string Key { get; init; }
    public required string Name { get; set; }
    public required string Phone { get; init; }
    public MemberCategory Category { get; init; }
    public CadreRank? CadreRank { get; set; }
    public string? WorkUnit { get; init; }
    public required MapCompound Compound { get; init; }
    public required MapBuilding Building { get; init; }
    public DateOnly? ReportedOn { get; init; }
    public List<MapRole> Roles { get; } = [];
    public MapSeat? Seat { get; set; }
}

internal sealed class MapOrganization
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public OrganizationKind Kind { get; set; }
    public Formation Formation { get; init; }
    public required MapArea Community { get; init; }
    public DateOnly FormedOn { get; init; }
    public DateOnly? DissolvedOn { get; init; }
    public decimal StartupFundingYuan { get; set; }
    public List<MapCompound> Compounds { get; } = [];
    public List<MapGroup> Groups { get; } = [];
    public List<MapRole> Roles { get; } = [];
}

internal sealed record MapGroup(string Key, MapOrganization Organization, MapCompound Compound, MapBuilding Building, string Name, DateOnly FormedOn);

internal sealed record MapRole(MapMember Member, RoleKind Kind, MapOrganization Organization, MapGroup? Group, DateOnly From, DateOnly? Until);

internal sealed class MapCommittee
{
    public required MapCompound Compound { get; init; }
    public DateOnly FormedOn { get; init; }
    public DateOnly? DissolvedOn { get; init; }
    public bool FormedUnderPartyLead { get; init; }
    public List<MapSeat> Seats { get; } = [];
    public string Name => Compound.Name + "业主委员会";
}

internal sealed class MapSeat
{
    public SeatRole Role { get; init; }
    public required string HolderName { get; set; }
    public MapMember? Member { get; set; }
    public DateOnly From { get; init; }
    public DateOnly? Until { get; init; }
}

internal sealed record MapVenue(string Key, string Name, VenueLevel Level, MapArea Area, MapCompound? Compound, Point Location,
    int FloorAreaSqm, int Capacity, string OpeningHours, DateOnly OpenedOn, DateOnly? ClosedOn);

internal sealed record MapBooking(MapVenue Venue, DateTimeOffset Start, DateTimeOffset End, string BookedBy, string Purpose,
    DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

internal sealed record MapOfficeSpace(string Key, string Name, string Address, MapArea Community, Point Location, int FloorAreaSqm,
    OfficeSpaceSource Source, DateOnly AddedOn, DateOnly? AssignedOn, MapOrganization? Organization, MapCommittee? Committee, string? PropertyCompany);

internal sealed record MapUnit(string Key, string Name, UnitKind Kind, MapArea Area, string Address, Point Location);

internal sealed record MapAgreement(string Key, MapUnit Unit, MapArea Community, MapCompound? Compound, string Title, DateOnly SignedOn, DateOnly? EndedOn);

internal sealed record MapProject(MapUnit Unit, MapAgreement? Agreement, MapArea Community, MapCompound? Compound, string Name,
    DateOnly LaunchedOn, DateOnly? CompletedOn, int BudgetYuan);

internal sealed record MapActivity(MapUnit Unit, MapArea Community, MapCompound? Compound, string Title, DateOnly HeldOn, int Participants);

internal sealed record MapMeeting(MapOrganization Organization, MapGroup? Group, MeetingKind Kind, DateOnly HeldOn, string Topic, int Attendees);

internal sealed record MapPropertyCompany(string Name, string CreditCode);

namespace GeoHub.Maps;

/// <summary>The file names of a map folder (documented in maps/longyan/README.md).</summary>
internal static class MapFiles
{
    public const string Areas = "areas.geojson";
    public const string Compounds = "compounds.geojson";
    public const string Venues = "venues.geojson";
    public const string OfficeSpaces = "office_spaces.geojson";
    public const string Units = "co_building_units.geojson";
    public const string PropertyCompanies = "property_companies.csv";
    public const string Organizations = "party_organizations.csv";
    public const string OrganizationCompounds = "organization_compounds.csv";
    public const string PartyGroups = "party_groups.csv";
    public const string Members = "party_members.csv";
    public const string Roles = "party_roles.csv";
    public const string Committees = "owners_committees.csv";
    public const string Seats = "committee_seats.csv";
    public const string Agreements = "agreements.csv";
    public const string Projects = "projects.csv";
    public const string Activities = "activities.csv";
    public const string Meetings = "meetings.csv";
    public const string Bookings = "bookings.csv";
}

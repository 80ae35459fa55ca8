using System.Text.Json;
using static GeoHub.Maps.MapFileWriter;

namespace GeoHub.Maps;

/// <summary>Writes the Longyan demo map (or a ×scale copy of it) from a fixed seed; see maps/longyan/README.md for the format.</summary>
public static class MapGenerator
{
    public static void Generate(string outputDirectory, int scale = 1)
    {
        Directory.CreateDirectory(outputDirectory);
        var map = new DemoMapBuilder(scale).Build(ReadTownships());
        string F(string name) => Path.Combine(outputDirectory, name);

        WriteGeoJson(F(MapFiles.Areas), "areas", map.Areas, a => a.Boundary, (j, a) =>
        {
            j.WriteString("code", a.Code);
            j.WriteString("name", a.Name);
            j.WriteString("level", a.Level.ToString());
            j.WriteNullableString("parent", a.Parent?.Code);
        });

        WriteGeoJson(F(MapFiles.Compounds), "compounds", map.Compounds, c => c.Boundary, WriteCompound);

        WriteGeoJson(F(MapFiles.Venues), "venues", map.Venues, v => v.Location, (j, v) =>
        {
            j.WriteString("key", v.Key);
            j.WriteString("name", v.Name);
            j.WriteString("level", v.Level.ToString());
            j.WriteString("area", v.Area.Code);
            j.WriteNullableString("compound", v.Compound?.Code);
            j.WriteNumber("floorAreaSqm", v.FloorAreaSqm);
            j.WriteNumber("capacity", v.Capacity);
            j.WriteString("openingHours", v.OpeningHours);
            j.WriteString("openedOn", Date(v.OpenedOn));
            j.WriteNullableString("closedOn", v.ClosedOn is null ? null : Date(v.ClosedOn));
        });

        WriteGeoJson(F(MapFiles.OfficeSpaces), "office_spaces", map.OfficeSpaces, o => o.Location, (j, o) =>
        {
            j.WriteString("key", o.Key);
            j.WriteString("name", o.Name);
            j.WriteString("address", o.Address);
            j.WriteString("community", o.Community.Code);
            j.WriteNumber("floorAreaSqm", o.FloorAreaSqm);
            j.WriteString("source", o.Source.ToString());
            j.WriteString("addedOn", Date(o.AddedOn));
            j.WriteNullableString("assignedOn", o.AssignedOn is null ? null : Date(o.AssignedOn));
            j.WriteNullableString("assignedOrganization", o.Organization?.Code);
            j.WriteNullableString("assignedCommittee", o.Committee?.Compound.Code);
            j.WriteNullableString("assignedPropertyCompany", o.PropertyCompany);
        });

        WriteGeoJson(F(MapFiles.Units), "co_building_units", map.Units, u => u.Location, (j, u) =>
        {
            j.WriteString("key", u.Key);
            j.WriteString("name", u.Name);
            j.WriteString("kind", u.Kind.ToString());
            j.WriteString("area", u.Area.Code);
            j.WriteString("address", u.Address);
        });

        WriteCsv(F(MapFiles.PropertyCompanies), ["name", "credit_code"], map.PropertyCompanies, p => [p.Name, p.CreditCode]);
        WriteCsv(F(MapFiles.Organizations), ["code", "name", "kind", "formation", "community", "formed_on", "dissolved_on", "startup_funding_yuan"],
            map.Organizations, o => [o.Code, o.Name, o.Kind.ToString(), o.Formation.ToString(), o.Community.Code, Date(o.FormedOn), Date(o.DissolvedOn), Number(o.StartupFundingYuan)]);
        WriteCsv(F(MapFiles.OrganizationCompounds), ["organization", "compound", "covered_from", "covered_until"],
            map.Organizations.SelectMany(o => o.Compounds.Select(c => (o, c))), x => [x.o.Code, x.c.Code, Date(x.o.FormedOn), Date(x.o.DissolvedOn)]);
        WriteCsv(F(MapFiles.PartyGroups), ["key", "organization", "compound", "building", "name", "formed_on"],
            map.Organizations.SelectMany(o => o.Groups), g => [g.Key, g.Organization.Code, g.Compound.Code, g.Building.Name, g.Name, Date(g.FormedOn)]);
        WriteCsv(F(MapFiles.Members), ["key", "name", "phone", "category", "cadre_rank", "work_unit", "compound", "building", "reported_on"],
            map.Members, m => [m.Key, m.Name, m.Phone, m.Category.ToString(), m.CadreRank?.ToString(), m.WorkUnit, m.Compound.Code, m.Building.Name, Date(m.ReportedOn)]);
        WriteCsv(F(MapFiles.Roles), ["member", "kind", "organization", "party_group", "from", "until"],
            map.Organizations.SelectMany(o => o.Roles), r => [r.Member.Key, r.Kind.ToString(), r.Organization.Code, r.Group?.Key, Date(r.From), Date(r.Until)]);

        var committees = map.Committees.OrderBy(c => c.Compound.Code, StringComparer.Ordinal).ToList();
        WriteCsv(F(MapFiles.Committees), ["compound", "name", "formed_on", "dissolved_on", "formed_under_party_lead"],
            committees, c => [c.Compound.Code, c.Name, Date(c.FormedOn), Date(c.DissolvedOn), c.FormedUnderPartyLead ? "true" : "false"]);
        WriteCsv(F(MapFiles.Seats), ["compound", "role", "holder_name", "party_member", "from", "until"],
            committees.SelectMany(c => c.Seats.Select(s => (c, s))), x => [x.c.Compound.Code, x.s.Role.ToString(), x.s.HolderName, x.s.Member?.Key, Date(x.s.From), Date(x.s.Until)]);

        WriteCsv(F(MapFiles.Agreements), ["key", "unit", "community", "compound", "title", "signed_on", "ended_on"],
            map.Agreements, a => [a.Key, a.Unit.Key, a.Community.Code, a.Compound?.Code, a.Title, Date(a.SignedOn), Date(a.EndedOn)]);
        WriteCsv(F(MapFiles.Projects), ["unit", "agreement", "community", "compound", "name", "launched_on", "completed_on", "budget_yuan"],
            map.Projects, p => [p.Unit.Key, p.Agreement?.Key, p.Community.Code, p.Compound?.Code, p.Name, Date(p.LaunchedOn), Date(p.CompletedOn), Number(p.BudgetYuan)]);
        WriteCsv(F(MapFiles.Activities), ["unit", "community", "compound", "title", "held_on", "participants"],
            map.Activities, a => [a.Unit.Key, a.Community.Code, a.Compound?.Code, a.Title, Date(a.HeldOn), Number(a.Participants)]);
        WriteCsv(F(MapFiles.Meetings), ["organization", "party_group", "kind", "held_on", "topic", "attendees"],
            map.Meetings, m => [m.Organization.Code, m.Group?.Key, m.Kind.ToString(), Date(m.HeldOn), m.Topic, Number(m.Attendees)]);
        WriteCsv(F(MapFiles.Bookings), ["venue", "start", "end", "booked_by", "purpose", "created_at", "cancelled_at"],
            map.Bookings, b => [b.Venue.Key, Time(b.Start), Time(b.End), b.BookedBy, b.Purpose, Time(b.CreatedAt), Time(b.CancelledAt)]);
    }

    private static void WriteCompound(Utf8JsonWriter j, MapCompound c)
    {
        j.WriteString("code", c.Code);
        j.WriteString("name", c.Name);
        j.WriteString("community", c.Community.Code);
        j.WriteNumber("households", c.Households);
        j.WriteString("address", c.Address);
        j.WriteNumber("builtYear", c.BuiltYear);
        j.WriteNullableString("propertyCompany", c.PropertyCompany);
        j.WriteStartArray("buildings");
        foreach (var b in c.Buildings)
        {
            j.WriteStartObject();
            j.WriteString("name", b.Name);
            j.WriteNumber("floors", b.Floors);
            j.WritePropertyName("location");
            WritePosition(j, b.Location.Coordinate);
            j.WriteStartArray("stairwells");
            foreach (var (name, households) in b.Stairwells)
            {
                j.WriteStartArray();
                j.WriteStringValue(name);
                j.WriteNumberValue(households);
                j.WriteEndArray();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    /// <summary>Longyan's 134 township-level units, embedded beside this code (Data/longyan-townships.csv).</summary>
    private static string ReadTownships()
    {
        using var stream = typeof(MapGenerator).Assembly.GetManifestResourceStream("GeoHub.Maps.Data.longyan-townships.csv")
            ?? throw new InvalidOperationException("embedded township list missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

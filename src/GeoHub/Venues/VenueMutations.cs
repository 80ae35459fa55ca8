using GeoHub.Changes;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GraphQL.Types;

namespace GeoHub.Venues;

/// <summary>Venues (阵地) opened, moved and closed; office space (办公用房) added, assigned and released.</summary>
public static class VenueMutations
{
    private const string VenueRow = "SELECT to_jsonb(v)::text FROM venues v WHERE id = @id";
    private const string SpaceRow = "SELECT to_jsonb(o)::text FROM office_spaces o WHERE id = @id";

    public static void AddTo(ObjectGraphType mutation)
    {
        WriteFields.Add<Venue, VenueType>(mutation, "addVenue",
            "Open a venue on `on`: at a compound (compoundId) or in an area (areaCode: a street or community).",
            input =>
            {
                input.Field<NonNullGraphType<StringGraphType>>("name");
                input.Field<NonNullGraphType<VenueLevelType>>("level");
                input.Field<IdGraphType>("compoundId");
                input.Field<StringGraphType>("areaCode");
                input.Field<NonNullGraphType<GeoJsonScalar>>("location").Description("A GeoJSON Point.");
                input.Field<NonNullGraphType<FloatGraphType>>("floorAreaSqm");
                input.Field<NonNullGraphType<IntGraphType>>("capacity");
                input.Field<StringGraphType>("openingHours");
            },
            AddVenueAsync);

        WriteFields.Add<Venue, VenueType>(mutation, "moveVenue",
            "The venue moves on `on`: the old place closes that day and the same venue opens at the new location (a new record, so earlier days keep the old place). The payload is the new record.",
            input =>
            {
                OrganizationMutations.VersionFields(input, "id");
                input.Field<NonNullGraphType<GeoJsonScalar>>("location");
            },
            MoveVenueAsync);

        WriteFields.Add<Venue, VenueType>(mutation, "closeVenue",
            "The venue closes on `on`.", input => OrganizationMutations.VersionFields(input, "id"), CloseVenueAsync);

        WriteFields.Add<OfficeSpace, OfficeSpaceType>(mutation, "addOfficeSpace",
            "Office space (办公用房) added in an area on `on`.",
            input =>
            {
                input.Field<NonNullGraphType<StringGraphType>>("name");
                input.Field<NonNullGraphType<StringGraphType>>("areaCode");
                input.Field<StringGraphType>("address");
                input.Field<NonNullGraphType<GeoJsonScalar>>("location");
                input.Field<NonNullGraphType<FloatGraphType>>("floorAreaSqm");
                input.Field<NonNullGraphType<OfficeSpaceSourceType>>("source");
            },
            AddSpaceAsync);

        WriteFields.Add<OfficeSpace, OfficeSpaceType>(mutation, "assignOfficeSpace",
            "Assign vacant office space from `on` to one of: a party organisation, an owners' committee, a property company.",
            input =>
            {
                OrganizationMutations.VersionFields(input, "id");
                input.Field<IdGraphType>("organizationId");
                input.Field<IdGraphType>("committeeId");
                input.Field<IdGraphType>("propertyCompanyId");
            },
            AssignAsync);

        WriteFields.Add<OfficeSpace, OfficeSpaceType>(mutation, "releaseOfficeSpace",
            "Assigned office space is given up on `on`: it is vacant from that day.",
            input => OrganizationMutations.VersionFields(input, "id"), ReleaseAsync);
    }

    private static async Task<int> AddVenueAsync(WriteScope scope, WriteInput input)
    {
        var compoundId = input.OptionalId("compoundId", "Compound");
        var areaCode = input.OptionalText("areaCode");
        if ((compoundId is null) == (areaCode is null))
        {
            throw WriteErrors.Invalid("compoundId", "give either compoundId or areaCode.");
        }

        var place = compoundId is { } compound ? await scope.CompoundPlaceAsync(compound, "compoundId") : await scope.AreaCodePlaceAsync(areaCode!, "areaCode");
        var (lon, lat) = input.Point("location");
        var (area, capacity) = (input.OptionalDecimal("floorAreaSqm") ?? 0, input.Number("capacity"));
        if (area <= 0 || capacity < 0)
        {
            throw WriteErrors.Invalid(area <= 0 ? "floorAreaSqm" : "capacity", "must be positive.");
        }

        var id = await scope.ScalarAsync<int>("""
            INSERT INTO venues (name, level, area_id, compound_id, location, floor_area_sqm, capacity, opening_hours, opened_on)
            VALUES (@name, @level, @area, @compound, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography, @floor, @capacity, @hours, @on) RETURNING id
            """, ("name", input.Text("name")), ("level", input.Enum<VenueLevel>("level").ToString()), ("area", place.AreaId), ("compound", compoundId),
            ("lon", lon), ("lat", lat), ("floor", area), ("capacity", capacity), ("hours", input.OptionalText("openingHours")), ("on", input.On));
        await scope.RecordAsync(new Change("Venue", id, input.On, place, compoundId is { } c ? [c] : [], null, await scope.RowAsync(VenueRow, ("id", id))));
        return id;
    }

    private static async Task<int> MoveVenueAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "Venue");
        var before = await scope.TakeVersionAsync("venues", "Venue", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["area_id"]!, "id");
        var (lon, lat) = input.Point("location");
        await CloseAsync(scope, id, before, input.On);
        var moved = await scope.ScalarAsync<int>("""
            INSERT INTO venues (name, level, area_id, compound_id, location, floor_area_sqm, capacity, opening_hours, opened_on)
            SELECT name, level, area_id, compound_id, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography, floor_area_sqm, capacity, opening_hours, @on
            FROM venues WHERE id = @id RETURNING id
            """, ("id", id), ("lon", lon), ("lat", lat), ("on", input.On));
        var compounds = before["compound_id"] is { } c ? new[] { (int)c } : [];
        await scope.RecordAsync(new Change("Venue", id, input.On, place, compounds, before, await scope.RowAsync(VenueRow, ("id", id))));
        await scope.RecordAsync(new Change("Venue", moved, input.On, place, compounds, null, await scope.RowAsync(VenueRow, ("id", moved))));
        return moved;
    }

    private static async Task<int> CloseVenueAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "Venue");
        var before = await scope.TakeVersionAsync("venues", "Venue", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["area_id"]!, "id");
        await CloseAsync(scope, id, before, input.On);
        var compounds = before["compound_id"] is { } c ? new[] { (int)c } : [];
        await scope.RecordAsync(new Change("Venue", id, input.On, place, compounds, before, await scope.RowAsync(VenueRow, ("id", id))));
        return id;
    }

    private static async Task CloseAsync(WriteScope scope, int id, System.Text.Json.Nodes.JsonObject before, DateOnly on)
    {
        if (before["closed_on"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the venue closed on {before["closed_on"]}.");
        }

        await scope.ExecuteAsync("UPDATE venues SET closed_on = @on WHERE id = @id", ("id", id), ("on", on));
    }

    private static async Task<int> AddSpaceAsync(WriteScope scope, WriteInput input)
    {
        var place = await scope.AreaCodePlaceAsync(input.Text("areaCode"), "areaCode");
        var (lon, lat) = input.Point("location");
        var area = input.OptionalDecimal("floorAreaSqm") ?? 0;
        if (area <= 0)
        {
            throw WriteErrors.Invalid("floorAreaSqm", "must be positive.");
        }

        var id = await scope.ScalarAsync<int>("""
            INSERT INTO office_spaces (name, address, area_id, location, floor_area_sqm, source, added_on)
            VALUES (@name, @address, @area, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography, @floor, @source, @on) RETURNING id
            """, ("name", input.Text("name")), ("address", input.OptionalText("address")), ("area", place.AreaId),
            ("lon", lon), ("lat", lat), ("floor", area), ("source", input.Enum<OfficeSpaceSource>("source").ToString()), ("on", input.On));
        await scope.RecordAsync(new Change("OfficeSpace", id, input.On, place, [], null, await scope.RowAsync(SpaceRow, ("id", id))));
        return id;
    }

    private static async Task<int> AssignAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "OfficeSpace");
        var before = await scope.TakeVersionAsync("office_spaces", "OfficeSpace", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["area_id"]!, "id");
        var organization = input.OptionalId("organizationId", "PartyOrganization");
        var committee = input.OptionalId("committeeId", "OwnersCommittee");
        var company = input.OptionalId("propertyCompanyId", "PropertyCompany");
        if (new[] { organization, committee, company }.Count(x => x is not null) != 1)
        {
            throw WriteErrors.Invalid("organizationId", "give exactly one of organizationId, committeeId, propertyCompanyId.");
        }

        if (before["assigned_on"] is not null)
        {
            // The one assignment a room has is kept as history; a released room is not assigned again in place.
            throw WriteErrors.Conflict("id", before["released_on"] is null
                ? $"the office space was assigned on {before["assigned_on"]}; release it first."
                : "the office space was assigned and released before; add it again as new office space to assign it anew.");
        }

        await scope.ExecuteAsync("""
            UPDATE office_spaces SET assigned_on = @on, assigned_organization_id = @organization, assigned_committee_id = @committee,
                assigned_property_company_id = @company WHERE id = @id
            """, ("id", id), ("on", input.On), ("organization", organization), ("committee", committee), ("company", company));
        await scope.RecordAsync(new Change("OfficeSpace", id, input.On, place, [], before, await scope.RowAsync(SpaceRow, ("id", id))));
        return id;
    }

    private static async Task<int> ReleaseAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "OfficeSpace");
        var before = await scope.TakeVersionAsync("office_spaces", "OfficeSpace", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["area_id"]!, "id");
        if (before["assigned_on"] is null || before["released_on"] is not null)
        {
            throw WriteErrors.Conflict("id", "the office space is not assigned.");
        }

        await scope.ExecuteAsync("UPDATE office_spaces SET released_on = @on WHERE id = @id", ("id", id), ("on", input.On));
        await scope.RecordAsync(new Change("OfficeSpace", id, input.On, place, [], before, await scope.RowAsync(SpaceRow, ("id", id))));
        return id;
    }
}

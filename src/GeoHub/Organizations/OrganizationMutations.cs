using GeoHub.Changes;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL.Types;

namespace GeoHub.Organizations;

/// <summary>Forming and dissolving compound party organisations, their coverage, and 三会一课 meetings.</summary>
public static class OrganizationMutations
{
    private const string OrganizationRow = "SELECT to_jsonb(o)::text FROM party_organizations o WHERE id = @id";

    public static void AddTo(ObjectGraphType mutation)
    {
        WriteFields.Add<PartyOrganization, PartyOrganizationType>(mutation, "formPartyOrganization",
            "Form a compound party organisation covering the given compounds of one community from `on`: STANDALONE for one compound, JOINT (联合组建) for several.",
            input =>
            {
                input.Field<NonNullGraphType<StringGraphType>>("communityCode").Description("The community party organisation it reports to.");
                input.Field<NonNullGraphType<StringGraphType>>("name");
                input.Field<NonNullGraphType<OrganizationKindType>>("kind");
                input.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("compoundIds");
                input.Field<NonNullGraphType<FloatGraphType>>("startupFundingYuan");
                input.Field<FormationType>("formation").Description("Default: STANDALONE for one compound, JOINT for several; a JOINT one of one compound is refused.");
            },
            FormAsync);

        WriteFields.Add<PartyOrganization, PartyOrganizationType>(mutation, "dissolvePartyOrganization",
            "Dissolve an organisation from `on`: its coverage and roles end that day.",
            input => VersionFields(input, "id"), DissolveAsync);

        WriteFields.Add<PartyOrganization, PartyOrganizationType>(mutation, "coverCompounds",
            "The organisation covers more compounds from `on` (a JOINT one only; a compound covered by another organisation must stop being covered first).",
            input =>
            {
                VersionFields(input, "organizationId");
                input.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("compoundIds");
            },
            CoverAsync);

        WriteFields.Add<PartyOrganization, PartyOrganizationType>(mutation, "stopCoveringCompounds",
            "The organisation no longer covers these compounds from `on`.",
            input =>
            {
                VersionFields(input, "organizationId");
                input.Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("compoundIds");
            },
            StopCoveringAsync);

        WriteFields.Add<Meeting, MeetingType>(mutation, "recordMeeting",
            "Record a 三会一课 meeting an organisation held on `on`.",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("organizationId");
                input.Field<NonNullGraphType<MeetingKindType>>("kind");
                input.Field<IdGraphType>("partyGroupId");
                input.Field<StringGraphType>("topic");
                input.Field<IntGraphType>("attendees");
            },
            RecordMeetingAsync);
    }

    internal static void VersionFields(InputObjectGraphType input, string idField)
    {
        input.Field<NonNullGraphType<IdGraphType>>(idField);
        input.Field<NonNullGraphType<IntGraphType>>("version").Description("The version the client read; STALE_VERSION when the record changed since.");
    }

    private static async Task<int> FormAsync(WriteScope scope, WriteInput input)
    {
        var place = await scope.AreaCodePlaceAsync(input.Text("communityCode"), "communityCode");
        var compoundIds = input.Ids("compoundIds", "Compound").Distinct().ToList();
        if (compoundIds.Count == 0)
        {
            throw WriteErrors.Invalid("compoundIds", "an organisation covers at least one compound.");
        }

        var formation = input.OptionalEnum<Formation>("formation") ?? (compoundIds.Count > 1 ? Formation.Joint : Formation.Standalone);
        if (formation == Formation.Joint && compoundIds.Count < 2)
        {
            throw WriteErrors.Invalid("compoundIds", "a JOINT organisation (联合组建) covers two compounds or more.");
        }

        if (formation == Formation.Standalone && compoundIds.Count > 1)
        {
            throw WriteErrors.Invalid("compoundIds", "a STANDALONE organisation covers one compound.");
        }

        await RequireInCommunityAsync(scope, compoundIds, place);
        var funding = input.OptionalDecimal("startupFundingYuan") ?? 0;
        if (funding < 0)
        {
            throw WriteErrors.Invalid("startupFundingYuan", "must not be negative.");
        }

        var id = await scope.ScalarAsync<int>("""
            INSERT INTO party_organizations (code, name, kind, formation, community_id, formed_on, startup_funding_yuan)
            VALUES (gen_random_uuid()::text, @name, @kind, @formation, @community, @on, @funding)
            RETURNING id
            """,
            ("name", input.Text("name")), ("kind", input.Enum<OrganizationKind>("kind").ToString()), ("formation", formation.ToString()),
            ("community", place.AreaId), ("on", input.On), ("funding", funding));
        // The code follows the seed's form (community code, N for organisations formed here, the id).
        await scope.ExecuteAsync("UPDATE party_organizations SET code = @code WHERE id = @id", ("code", $"{place.Code}N{id}"), ("id", id));
        await scope.ExecuteAsync("""
            INSERT INTO organization_compounds (organization_id, compound_id, covered_from)
            SELECT @id, c, @on FROM unnest(@compounds) c
            """, ("id", id), ("compounds", compoundIds.ToArray()), ("on", input.On));
        var after = await scope.RowAsync(OrganizationRow, ("id", id));
        await scope.RecordAsync(new Change("PartyOrganization", id, input.On, place, compoundIds, null, after));
        return id;
    }

    private static async Task<int> DissolveAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "PartyOrganization");
        var before = await scope.TakeVersionAsync("party_organizations", "PartyOrganization", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["community_id"]!, "id");
        if (before["dissolved_on"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the organisation was dissolved on {before["dissolved_on"]}.");
        }

        var compounds = await EndCoverageAsync(scope, id, null, input.On);
        await scope.ExecuteAsync("""UPDATE party_roles SET until = @on WHERE organization_id = @id AND until IS NULL AND "from" < @on""", ("id", id), ("on", input.On));
        await scope.ExecuteAsync("UPDATE party_organizations SET dissolved_on = @on WHERE id = @id", ("id", id), ("on", input.On));
        var after = await scope.RowAsync(OrganizationRow, ("id", id));
        await scope.RecordAsync(new Change("PartyOrganization", id, input.On, place, compounds, before, after));
        return id;
    }

    private static async Task<int> CoverAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("organizationId", "PartyOrganization");
        var before = await scope.TakeVersionAsync("party_organizations", "PartyOrganization", id, input.Version, "organizationId");
        var place = await scope.AreaPlaceAsync((int)before["community_id"]!, "organizationId");
        await RequireActiveAsync(scope, id, input.On, "organizationId");
        if ((string?)before["formation"] != nameof(Formation.Joint))
        {
            throw WriteErrors.Invalid("organizationId", "a STANDALONE organisation covers its one compound; form a JOINT organisation to cover several.");
        }

        var compoundIds = input.Ids("compoundIds", "Compound").Distinct().ToList();
        await RequireInCommunityAsync(scope, compoundIds, place);
        await scope.ExecuteAsync("""
            INSERT INTO organization_compounds (organization_id, compound_id, covered_from)
            SELECT @id, c, @on FROM unnest(@compounds) c
            """, ("id", id), ("compounds", compoundIds.ToArray()), ("on", input.On));
        var after = await scope.RowAsync(OrganizationRow, ("id", id));
        await scope.RecordAsync(new Change("PartyOrganization", id, input.On, place, compoundIds, before, after));
        return id;
    }

    private static async Task<int> StopCoveringAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("organizationId", "PartyOrganization");
        var before = await scope.TakeVersionAsync("party_organizations", "PartyOrganization", id, input.Version, "organizationId");
        var place = await scope.AreaPlaceAsync((int)before["community_id"]!, "organizationId");
        var compoundIds = input.Ids("compoundIds", "Compound").Distinct().ToList();
        var ended = await EndCoverageAsync(scope, id, compoundIds, input.On);
        var missing = compoundIds.Except(ended).ToList();
        if (missing.Count > 0)
        {
            throw WriteErrors.Invalid("compoundIds", $"the organisation does not cover {string.Join(", ", missing.Select(c => GlobalId.Encode("Compound", c)))} on that day.");
        }

        var after = await scope.RowAsync(OrganizationRow, ("id", id));
        await scope.RecordAsync(new Change("PartyOrganization", id, input.On, place, ended, before, after));
        return id;
    }

    private static async Task<int> RecordMeetingAsync(WriteScope scope, WriteInput input)
    {
        var organizationId = input.Id("organizationId", "PartyOrganization");
        var communityId = await scope.ScalarAsync<int?>("SELECT community_id FROM party_organizations WHERE id = @id", ("id", organizationId))
            ?? throw WriteErrors.NotFound("organizationId", "party organisation");
        var place = await scope.AreaPlaceAsync(communityId, "organizationId");
        await RequireActiveAsync(scope, organizationId, input.On, "organizationId");
        var groupId = input.OptionalId("partyGroupId", "PartyGroup");
        if (groupId is { } group && await scope.ScalarAsync<int?>("SELECT organization_id FROM party_groups WHERE id = @id", ("id", group)) != organizationId)
        {
            throw WriteErrors.Invalid("partyGroupId", "is not a party group of the organisation.");
        }

        var attendees = input.OptionalNumber("attendees") ?? 0;
        if (attendees < 0)
        {
            throw WriteErrors.Invalid("attendees", "must not be negative.");
        }

        var id = await scope.ScalarAsync<int>("""
            INSERT INTO meetings (organization_id, party_group_id, kind, held_on, topic, attendees)
            VALUES (@organization, @group, @kind, @on, @topic, @attendees) RETURNING id
            """,
            ("organization", organizationId), ("group", groupId), ("kind", input.Enum<MeetingKind>("kind").ToString()),
            ("on", input.On), ("topic", input.OptionalText("topic")), ("attendees", attendees));
        var after = await scope.RowAsync("SELECT to_jsonb(m)::text FROM meetings m WHERE id = @id", ("id", id));
        await scope.RecordAsync(new Change("Meeting", id, input.On, place, [], null, after));
        return id;
    }

    /// <summary>Ends the organisation's open coverage of the compounds (all when null) on the day; returns those ended.</summary>
    private static async Task<List<int>> EndCoverageAsync(WriteScope scope, int organizationId, IReadOnlyList<int>? compoundIds, DateOnly on)
    {
        await using var command = scope.Command($"""
            UPDATE organization_compounds SET covered_until = @on
            WHERE organization_id = @id AND {ActiveOn.Sql("covered_from", "covered_until", "@on")}
              AND (@all OR compound_id = ANY(@compounds))
            RETURNING compound_id
            """, ("id", organizationId), ("on", on), ("all", compoundIds is null), ("compounds", (compoundIds ?? []).ToArray()));
        var ended = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(scope.CancellationToken);
        while (await reader.ReadAsync(scope.CancellationToken))
        {
            ended.Add(reader.GetInt32(0));
        }

        return ended;
    }

    /// <summary>The organisation exists and is active on the day (formed, not yet dissolved).</summary>
    internal static async Task RequireActiveAsync(WriteScope scope, int organizationId, DateOnly on, string field)
    {
        var active = await scope.ScalarAsync<bool?>(
            $"SELECT {ActiveOn.Sql("formed_on", "dissolved_on", "@on")} FROM party_organizations WHERE id = @id",
            ("id", organizationId), ("on", on)) ?? throw WriteErrors.NotFound(field, "party organisation");
        if (!active)
        {
            throw WriteErrors.Invalid(field, $"the organisation is not active on {WriteInput.Format(on)}.");
        }
    }

    private static async Task RequireInCommunityAsync(WriteScope scope, List<int> compoundIds, Place community)
    {
        var inside = await scope.ScalarAsync<long>("SELECT count(*) FROM compounds WHERE id = ANY(@ids) AND community_id = @community",
            ("ids", compoundIds.ToArray()), ("community", community.AreaId));
        if (inside != compoundIds.Count)
        {
            throw WriteErrors.Invalid("compoundIds", $"every compound must exist and lie in community {community.Code}.");
        }
    }
}

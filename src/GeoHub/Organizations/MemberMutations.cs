using GeoHub.Changes;
using GeoHub.Common;
using GraphQL.Types;

namespace GeoHub.Organizations;

/// <summary>A new party member's details (personal data: name and phone are never shown unmasked to the public).</summary>
public sealed class NewMemberInputType : InputObjectGraphType
{
    public NewMemberInputType()
    {
        Name = "NewMemberInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<MemberCategoryType>("category").Description("Default IN_SERVICE (在职) for reportBack.");
        Field<CadreRankType>("cadreRank");
        Field<StringGraphType>("workUnit");
        Field<StringGraphType>("phone");
    }
}

/// <summary>Residents' party membership over time: registering, reporting back, moving, leaving, and roles.</summary>
public static class MemberMutations
{
    private const string MemberRow = "SELECT to_jsonb(m)::text FROM party_members m WHERE id = @id";
    private const string RoleRow = "SELECT to_jsonb(r)::text FROM party_roles r WHERE id = @id";

    public static void AddTo(ObjectGraphType mutation)
    {
        WriteFields.Add<PartyMember, PartyMemberType>(mutation, "registerMember",
            "Register a party member living in a compound from `on`.",
            input =>
            {
                ResidenceFields(input);
                input.Field<NonNullGraphType<NewMemberInputType>>("member");
            },
            RegisterAsync);

        WriteFields.Add<PartyMember, PartyMemberType>(mutation, "reportBack",
            "An in-service member (在职党员) reports back on `on` to the compound, and building, where they live: an existing member by memberId, or a new one. A member reports back once (CONFLICT after that).",
            input =>
            {
                input.Field<IdGraphType>("memberId");
                input.Field<NewMemberInputType>("member");
                ResidenceFields(input);
            },
            ReportBackAsync);

        WriteFields.Add<PartyMember, PartyMemberType>(mutation, "moveMember",
            "A member moves to another compound on `on`: the old residence ends (its roles and seats with it) and a new one begins; earlier days keep them where they lived. The payload is the new residence.",
            input =>
            {
                OrganizationMutations.VersionFields(input, "memberId");
                ResidenceFields(input);
            },
            MoveAsync);

        WriteFields.Add<PartyMember, PartyMemberType>(mutation, "recordMemberLeft",
            "A member leaves the compound on `on` (moved away from the map, or otherwise gone); their roles and seats end that day.",
            input => OrganizationMutations.VersionFields(input, "memberId"),
            LeaveAsync);

        WriteFields.Add<PartyRole, PartyRoleType>(mutation, "appointRole",
            "Appoint a member to a role in an organisation from `on`. One secretary and one first secretary at a time; nobody holds one role twice (CONFLICT).",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("memberId");
                input.Field<NonNullGraphType<IdGraphType>>("organizationId");
                input.Field<NonNullGraphType<RoleKindType>>("kind");
                input.Field<IdGraphType>("partyGroupId");
            },
            AppointAsync);

        WriteFields.Add<PartyRole, PartyRoleType>(mutation, "endRole",
            "The role ends on `on` (the first day it is no longer held).",
            input => OrganizationMutations.VersionFields(input, "id"),
            EndRoleAsync);
    }

    private static void ResidenceFields(InputObjectGraphType input)
    {
        input.Field<NonNullGraphType<IdGraphType>>("compoundId");
        input.Field<IdGraphType>("buildingId");
    }

    private static async Task<int> RegisterAsync(WriteScope scope, WriteInput input)
    {
        var (place, compoundId, buildingId) = await ResidenceAsync(scope, input);
        var member = input.Nested("member")!;
        var id = await InsertMemberAsync(scope, member, compoundId, buildingId, input.On, reportedOn: null, movedFromId: null);
        var after = await scope.RowAsync(MemberRow, ("id", id));
        await scope.RecordAsync(new Change("PartyMember", id, input.On, place, [compoundId], null, after));
        return id;
    }

    private static async Task<int> ReportBackAsync(WriteScope scope, WriteInput input)
    {
        var memberId = input.OptionalId("memberId", "PartyMember");
        var member = input.Nested("member");
        if ((memberId is null) == (member is null))
        {
            throw WriteErrors.Invalid("memberId", "give either memberId (an existing member) or member (a new one).");
        }

        var (place, compoundId, buildingId) = await ResidenceAsync(scope, input);
        if (member is not null)
        {
            if (WriteInput.EnumOf<MemberCategory>(member.GetValueOrDefault("category")) is { } given && given != MemberCategory.InService)
            {
                throw WriteErrors.Invalid("member.category", "only in-service members (IN_SERVICE, 在职) report back.");
            }

            var id = await InsertMemberAsync(scope, member, compoundId, buildingId, input.On, reportedOn: input.On, movedFromId: null);
            await scope.RecordAsync(new Change("PartyMember", id, input.On, place, [compoundId], null, await scope.RowAsync(MemberRow, ("id", id))));
            return id;
        }

        var before = await scope.RowAsync(MemberRow + " FOR UPDATE", ("id", memberId!.Value))
            ?? throw WriteErrors.NotFound("memberId", "party member");
        if ((string?)before["category"] != nameof(MemberCategory.InService))
        {
            throw WriteErrors.Invalid("memberId", "only in-service members (IN_SERVICE, 在职) report back.");
        }

        if (before["left_on"] is not null || (int)before["compound_id"]! != compoundId)
        {
            throw WriteErrors.Invalid("compoundId", "the member does not live in this compound; record the move first (moveMember).");
        }

        // One statement decides, so of concurrent reports of one member exactly one is written.
        var reported = await scope.ExecuteAsync($"""
            UPDATE party_members SET reported_on = @on, building_id = coalesce(@building, building_id), version = version + 1
            WHERE id = @id AND reported_on IS NULL AND {ActiveOn.Started(ActiveOn.OpenStart("registered_on"), "@on")}
            """, ("id", memberId.Value), ("on", input.On), ("building", buildingId));
        if (reported == 0)
        {
            throw before["reported_on"] is not null
                ? WriteErrors.Conflict("memberId", $"the member already reported back on {before["reported_on"]}.")
                : WriteErrors.Invalid("on", "the member was registered after that day.");
        }

        await scope.RecordAsync(new Change("PartyMember", memberId.Value, input.On, place, [compoundId], before, await scope.RowAsync(MemberRow, ("id", memberId.Value))));
        return memberId.Value;
    }

    private static async Task<int> MoveAsync(WriteScope scope, WriteInput input)
    {
        var memberId = input.Id("memberId", "PartyMember");
        var before = await scope.TakeVersionAsync("party_members", "PartyMember", memberId, input.Version, "memberId");
        var from = await scope.CompoundPlaceAsync((int)before["compound_id"]!, "memberId");
        var (place, compoundId, buildingId) = await ResidenceAsync(scope, input);
        if (compoundId == (int)before["compound_id"]!)
        {
            throw WriteErrors.Invalid("compoundId", "the member already lives in this compound.");
        }

        await EndResidenceAsync(scope, memberId, before, input.On);
        // An in-service member who had reported back reports to the new compound on the day they move.
        var reportedOn = before["reported_on"] is not null ? input.On : (DateOnly?)null;
        var id = await scope.ScalarAsync<int>("""
            INSERT INTO party_members (name, phone, category, cadre_rank, work_unit, compound_id, building_id, reported_on, registered_on, moved_from_id)
            SELECT name, phone, category, cadre_rank, work_unit, @compound, @building, @reported, @on, id FROM party_members WHERE id = @id
            RETURNING id
            """, ("id", memberId), ("compound", compoundId), ("building", buildingId), ("reported", reportedOn), ("on", input.On));
        await scope.RecordAsync(new Change("PartyMember", memberId, input.On, from, [(int)before["compound_id"]!], before, await scope.RowAsync(MemberRow, ("id", memberId))));
        await scope.RecordAsync(new Change("PartyMember", id, input.On, place, [compoundId], null, await scope.RowAsync(MemberRow, ("id", id))));
        return id;
    }

    private static async Task<int> LeaveAsync(WriteScope scope, WriteInput input)
    {
        var memberId = input.Id("memberId", "PartyMember");
        var before = await scope.TakeVersionAsync("party_members", "PartyMember", memberId, input.Version, "memberId");
        var place = await scope.CompoundPlaceAsync((int)before["compound_id"]!, "memberId");
        await EndResidenceAsync(scope, memberId, before, input.On);
        await scope.RecordAsync(new Change("PartyMember", memberId, input.On, place, [(int)before["compound_id"]!], before, await scope.RowAsync(MemberRow, ("id", memberId))));
        return memberId;
    }

    private static async Task<int> AppointAsync(WriteScope scope, WriteInput input)
    {
        var memberId = input.Id("memberId", "PartyMember");
        var organizationId = input.Id("organizationId", "PartyOrganization");
        var communityId = await scope.ScalarAsync<int?>("SELECT community_id FROM party_organizations WHERE id = @id", ("id", organizationId))
            ?? throw WriteErrors.NotFound("organizationId", "party organisation");
        var place = await scope.AreaPlaceAsync(communityId, "organizationId");
        await OrganizationMutations.RequireActiveAsync(scope, organizationId, input.On, "organizationId");
        var lives = await scope.ScalarAsync<bool?>(
            $"SELECT {ActiveOn.Sql(ActiveOn.OpenStart("registered_on"), "left_on", "@on")} FROM party_members WHERE id = @id",
            ("id", memberId), ("on", input.On)) ?? throw WriteErrors.NotFound("memberId", "party member");
        if (!lives)
        {
            throw WriteErrors.Invalid("memberId", $"the member does not live on the map on {WriteInput.Format(input.On)}.");
        }

        var groupId = input.OptionalId("partyGroupId", "PartyGroup");
        var id = await scope.ScalarAsync<int>("""
            INSERT INTO party_roles (member_id, kind, organization_id, party_group_id, "from") VALUES (@member, @kind, @organization, @group, @on) RETURNING id
            """, ("member", memberId), ("kind", input.Enum<RoleKind>("kind").ToString()), ("organization", organizationId), ("group", groupId), ("on", input.On));
        var compounds = await CoveredCompoundsAsync(scope, organizationId, input.On);
        await scope.RecordAsync(new Change("PartyRole", id, input.On, place, compounds, null, await scope.RowAsync(RoleRow, ("id", id))));
        return id;
    }

    private static async Task<int> EndRoleAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "PartyRole");
        var before = await scope.TakeVersionAsync("party_roles", "PartyRole", id, input.Version);
        var organizationId = (int)before["organization_id"]!;
        var communityId = await scope.ScalarAsync<int>("SELECT community_id FROM party_organizations WHERE id = @id", ("id", organizationId));
        var place = await scope.AreaPlaceAsync(communityId, "id");
        if (before["until"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the role already ended on {before["until"]}.");
        }

        await scope.ExecuteAsync("UPDATE party_roles SET until = @on WHERE id = @id", ("id", id), ("on", input.On));
        var compounds = await CoveredCompoundsAsync(scope, organizationId, input.On);
        await scope.RecordAsync(new Change("PartyRole", id, input.On, place, compounds, before, await scope.RowAsync(RoleRow, ("id", id))));
        return id;
    }

    /// <summary>The compound and building of a residence input; the building must be the compound's.</summary>
    private static async Task<(Place Place, int CompoundId, int? BuildingId)> ResidenceAsync(WriteScope scope, WriteInput input)
    {
        var compoundId = input.Id("compoundId", "Compound");
        var place = await scope.CompoundPlaceAsync(compoundId, "compoundId");
        var buildingId = input.OptionalId("buildingId", "Building");
        if (buildingId is { } building && await scope.ScalarAsync<int?>("SELECT compound_id FROM buildings WHERE id = @id", ("id", building)) != compoundId)
        {
            throw WriteErrors.Invalid("buildingId", "is not a building of the compound.");
        }

        return (place, compoundId, buildingId);
    }

    private static async Task<int> InsertMemberAsync(
        WriteScope scope, IReadOnlyDictionary<string, object?> member, int compoundId, int? buildingId, DateOnly on, DateOnly? reportedOn, int? movedFromId)
    {
        var name = member.GetValueOrDefault("name")?.ToString()?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw WriteErrors.Invalid("member.name", "must not be empty.");
        }

        var category = WriteInput.EnumOf<MemberCategory>(member.GetValueOrDefault("category")) ?? MemberCategory.InService;
        var rank = WriteInput.EnumOf<CadreRank>(member.GetValueOrDefault("cadreRank"));
        return await scope.ScalarAsync<int>("""
            INSERT INTO party_members (name, phone, category, cadre_rank, work_unit, compound_id, building_id, reported_on, registered_on, moved_from_id)
            VALUES (@name, @phone, @category, @rank, @work_unit, @compound, @building, @reported, @on, @moved_from)
            RETURNING id
            """,
            ("name", name), ("phone", member.GetValueOrDefault("phone")?.ToString()), ("category", category.ToString()), ("rank", rank?.ToString()),
            ("work_unit", member.GetValueOrDefault("workUnit")?.ToString()), ("compound", compoundId), ("building", buildingId),
            ("reported", reportedOn), ("on", on), ("moved_from", movedFromId));
    }

    /// <summary>The residence ends on the day, and with it the roles and owners'-committee seats held as a resident.</summary>
    private static async Task EndResidenceAsync(WriteScope scope, int memberId, System.Text.Json.Nodes.JsonObject before, DateOnly on)
    {
        if (before["left_on"] is not null)
        {
            throw WriteErrors.Conflict("memberId", $"the member left on {before["left_on"]}.");
        }

        await scope.ExecuteAsync("UPDATE party_members SET left_on = @on WHERE id = @id", ("id", memberId), ("on", on));
        await scope.ExecuteAsync("""UPDATE party_roles SET until = @on, version = version + 1 WHERE member_id = @id AND until IS NULL AND "from" < @on""", ("id", memberId), ("on", on));
        await scope.ExecuteAsync("""UPDATE committee_seats SET until = @on, version = version + 1 WHERE party_member_id = @id AND until IS NULL AND "from" < @on""", ("id", memberId), ("on", on));
    }

    internal static async Task<List<int>> CoveredCompoundsAsync(WriteScope scope, int organizationId, DateOnly on)
    {
        await using var command = scope.Command($"""
            SELECT compound_id FROM organization_compounds
            WHERE organization_id = @id AND {ActiveOn.Sql("covered_from", "covered_until", "@on")} ORDER BY compound_id
            """, ("id", organizationId), ("on", on));
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(scope.CancellationToken);
        while (await reader.ReadAsync(scope.CancellationToken))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }
}

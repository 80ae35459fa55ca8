using GeoHub.Changes;
using GeoHub.GraphQL;
using GraphQL.Types;

namespace GeoHub.CoBuilding;

/// <summary>Co-building (共建): units, their agreements with compounds or communities, projects and activities.</summary>
public static class CoBuildingMutations
{
    public static void AddTo(ObjectGraphType mutation)
    {
        WriteFields.Add<CoBuildingUnit, CoBuildingUnitType>(mutation, "addCoBuildingUnit",
            "Add a co-building unit (共建单位) at a point in an area.",
            input =>
            {
                input.Field<NonNullGraphType<StringGraphType>>("name");
                input.Field<NonNullGraphType<UnitKindType>>("kind");
                input.Field<NonNullGraphType<StringGraphType>>("areaCode");
                input.Field<StringGraphType>("address");
                input.Field<NonNullGraphType<GeoJsonScalar>>("location").Description("A GeoJSON Point.");
            },
            AddUnitAsync);

        WriteFields.Add<Agreement, AgreementType>(mutation, "signAgreement",
            "A unit signs a co-building agreement (共建协议) on `on` with a compound (compoundId) or a whole community (communityCode).",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("unitId");
                Target(input);
                input.Field<NonNullGraphType<StringGraphType>>("title");
            },
            SignAsync);

        WriteFields.Add<Agreement, AgreementType>(mutation, "endAgreement",
            "The agreement ends on `on` (the first day it is no longer in force).",
            input => VersionFields(input), EndAsync);

        WriteFields.Add<Project, ProjectType>(mutation, "launchProject",
            "A unit launches a co-building project (共建项目) on `on` in a compound or community.",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("unitId");
                input.Field<IdGraphType>("agreementId");
                Target(input);
                input.Field<NonNullGraphType<StringGraphType>>("name");
                input.Field<FloatGraphType>("budgetYuan");
            },
            LaunchAsync);

        WriteFields.Add<Project, ProjectType>(mutation, "completeProject",
            "The project is completed on `on`.", input => VersionFields(input), CompleteAsync);

        WriteFields.Add<Activity, ActivityType>(mutation, "recordActivity",
            "Record a collective activity (集体活动) a unit held on `on` in a compound or community.",
            input =>
            {
                input.Field<NonNullGraphType<IdGraphType>>("unitId");
                Target(input);
                input.Field<NonNullGraphType<StringGraphType>>("title");
                input.Field<IntGraphType>("participants");
            },
            RecordActivityAsync);
    }

    private static void Target(InputObjectGraphType input)
    {
        input.Field<IdGraphType>("compoundId").Description("The compound; or give communityCode for a whole community.");
        input.Field<StringGraphType>("communityCode");
    }

    private static void VersionFields(InputObjectGraphType input)
    {
        input.Field<NonNullGraphType<IdGraphType>>("id");
        input.Field<NonNullGraphType<IntGraphType>>("version").Description("The version the client read; STALE_VERSION when the record changed since.");
    }

    private static async Task<int> AddUnitAsync(WriteScope scope, WriteInput input)
    {
        var place = await scope.AreaCodePlaceAsync(input.Text("areaCode"), "areaCode");
        var (lon, lat) = input.Point("location");
        var id = await scope.ScalarAsync<int>("""
            INSERT INTO co_building_units (name, kind, area_id, address, location)
            VALUES (@name, @kind, @area, @address, ST_SetSRID(ST_MakePoint(@lon, @lat), 4326)::geography) RETURNING id
            """, ("name", input.Text("name")), ("kind", input.Enum<UnitKind>("kind").ToString()), ("area", place.AreaId),
            ("address", input.OptionalText("address")), ("lon", lon), ("lat", lat));
        await scope.RecordAsync(new Change("CoBuildingUnit", id, input.On, place, [], null, await Row(scope, "co_building_units", id)));
        return id;
    }

    private static async Task<int> SignAsync(WriteScope scope, WriteInput input)
    {
        var unitId = await UnitAsync(scope, input);
        var (place, compoundId) = await TargetAsync(scope, input);
        var id = await scope.ScalarAsync<int>("""
            INSERT INTO agreements (unit_id, community_id, compound_id, title, signed_on) VALUES (@unit, @community, @compound, @title, @on) RETURNING id
            """, ("unit", unitId), ("community", place.AreaId), ("compound", compoundId), ("title", input.Text("title")), ("on", input.On));
        await scope.RecordAsync(new Change("Agreement", id, input.On, place, compoundId is { } c ? [c] : [], null, await Row(scope, "agreements", id)));
        return id;
    }

    private static async Task<int> EndAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "Agreement");
        var before = await scope.TakeVersionAsync("agreements", "Agreement", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["community_id"]!, "id");
        if (before["ended_on"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the agreement ended on {before["ended_on"]}.");
        }

        await scope.ExecuteAsync("UPDATE agreements SET ended_on = @on WHERE id = @id", ("id", id), ("on", input.On));
        await scope.RecordAsync(new Change("Agreement", id, input.On, place, CompoundOf(before), before, await Row(scope, "agreements", id)));
        return id;
    }

    private static async Task<int> LaunchAsync(WriteScope scope, WriteInput input)
    {
        var unitId = await UnitAsync(scope, input);
        var (place, compoundId) = await TargetAsync(scope, input);
        var agreementId = input.OptionalId("agreementId", "Agreement");
        if (agreementId is { } agreement && await scope.ScalarAsync<int?>("SELECT unit_id FROM agreements WHERE id = @id", ("id", agreement)) != unitId)
        {
            throw WriteErrors.Invalid("agreementId", "is not an agreement of the unit.");
        }

        var budget = input.OptionalDecimal("budgetYuan");
        if (budget < 0)
        {
            throw WriteErrors.Invalid("budgetYuan", "must not be negative.");
        }

        var id = await scope.ScalarAsync<int>("""
            INSERT INTO projects (unit_id, agreement_id, community_id, compound_id, name, launched_on, budget_yuan)
            VALUES (@unit, @agreement, @community, @compound, @name, @on, @budget) RETURNING id
            """, ("unit", unitId), ("agreement", agreementId), ("community", place.AreaId), ("compound", compoundId),
            ("name", input.Text("name")), ("on", input.On), ("budget", budget));
        await scope.RecordAsync(new Change("Project", id, input.On, place, compoundId is { } c ? [c] : [], null, await Row(scope, "projects", id)));
        return id;
    }

    private static async Task<int> CompleteAsync(WriteScope scope, WriteInput input)
    {
        var id = input.Id("id", "Project");
        var before = await scope.TakeVersionAsync("projects", "Project", id, input.Version);
        var place = await scope.AreaPlaceAsync((int)before["community_id"]!, "id");
        if (before["completed_on"] is not null)
        {
            throw WriteErrors.Conflict("id", $"the project was completed on {before["completed_on"]}.");
        }

        await scope.ExecuteAsync("UPDATE projects SET completed_on = @on WHERE id = @id", ("id", id), ("on", input.On));
        await scope.RecordAsync(new Change("Project", id, input.On, place, CompoundOf(before), before, await Row(scope, "projects", id)));
        return id;
    }

    private static async Task<int> RecordActivityAsync(WriteScope scope, WriteInput input)
    {
        var unitId = await UnitAsync(scope, input);
        var (place, compoundId) = await TargetAsync(scope, input);
        var participants = input.OptionalNumber("participants") ?? 0;
        if (participants < 0)
        {
            throw WriteErrors.Invalid("participants", "must not be negative.");
        }

        var id = await scope.ScalarAsync<int>("""
            INSERT INTO activities (unit_id, community_id, compound_id, title, held_on, participants)
            VALUES (@unit, @community, @compound, @title, @on, @participants) RETURNING id
            """, ("unit", unitId), ("community", place.AreaId), ("compound", compoundId), ("title", input.Text("title")),
            ("on", input.On), ("participants", participants));
        await scope.RecordAsync(new Change("Activity", id, input.On, place, compoundId is { } c ? [c] : [], null, await Row(scope, "activities", id)));
        return id;
    }

    private static async Task<int> UnitAsync(WriteScope scope, WriteInput input)
    {
        var unitId = input.Id("unitId", "CoBuildingUnit");
        return await scope.ScalarAsync<int?>("SELECT id FROM co_building_units WHERE id = @id", ("id", unitId))
            ?? throw WriteErrors.NotFound("unitId", "co-building unit");
    }

    /// <summary>A compound (its community is the agreement's) or a community by code: exactly one of the two.</summary>
    private static async Task<(Place Place, int? CompoundId)> TargetAsync(WriteScope scope, WriteInput input)
    {
        var compoundId = input.OptionalId("compoundId", "Compound");
        var communityCode = input.OptionalText("communityCode");
        if ((compoundId is null) == (communityCode is null))
        {
            throw WriteErrors.Invalid("compoundId", "give either compoundId or communityCode.");
        }

        if (compoundId is { } compound)
        {
            return (await scope.CompoundPlaceAsync(compound, "compoundId"), compound);
        }

        var place = await scope.AreaCodePlaceAsync(communityCode!, "communityCode");
        if (await scope.ScalarAsync<string>("SELECT level FROM areas WHERE id = @id", ("id", place.AreaId)) != "Community")
        {
            throw WriteErrors.Invalid("communityCode", "is not a community's code.");
        }

        return (place, null);
    }

    private static int[] CompoundOf(System.Text.Json.Nodes.JsonObject row) => row["compound_id"] is { } c ? [(int)c] : [];

    private static Task<System.Text.Json.Nodes.JsonObject?> Row(WriteScope scope, string table, int id) =>
        scope.RowAsync($"SELECT to_jsonb(t)::text FROM {table} t WHERE id = @id", ("id", id));
}

using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.CoBuilding;

public static class CoBuildingQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<CoBuildingUnitType, CoBuildingUnit>>>("coBuildingUnits").Public().DirectPage(typeof(CoBuildingUnit), near: true)
            .Description("Co-building units matching a filter, by id. areaCode and near are kept for older clients; where.areaCode and where.near do the same.")
            .Argument<CoBuildingUnitFilterType>("where")
            .Argument<StringGraphType>("areaCode")
            .Argument<NearFilterType>("near", "Kept for older clients; where.near does the same.")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<CoBuildingUnitFilter?>("where");
                var paths = await AreaQueries.PathsOfAsync(context, context.GetArgument<string?>("areaCode"), filter?.AreaCode);
                var near = SpatialFilter.Around(SpatialArguments.Near(context.GetArgument<NearFilter?>("near"), "near"));
                var spatial = SpatialFilter.From(filter?.Within, filter?.Intersects, filter?.Near);
                return await context.PageAsync(
                    db =>
                    {
                        var units = db.CoBuildingUnits.InAreas(paths, u => u.Area).Match(filter?.Name, u => u.Name).Located(db, spatial).Located(db, near);
                        return filter?.Kind is { } kind ? units.Where(u => u.Kind == kind) : units;
                    },
                    [], u => u.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<AgreementType, Agreement>>>("agreements").Public()
            .Description("Co-building agreements matching a filter, by id.")
            .Argument<AgreementFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<AgreementFilter?>("where");
                var unitId = filter?.UnitId is { } unit ? GlobalId.Decode(unit, "CoBuildingUnit") : (int?)null;
                var compoundId = filter?.CompoundId is { } compound ? GlobalId.Decode(compound, "Compound") : (int?)null;
                var paths = await AreaQueries.PathsOfAsync(context, filter?.AreaCode);
                return await context.PageAsync(
                    db =>
                    {
                        var agreements = db.Agreements.InAreas(paths, a => a.Community);
                        agreements = unitId is { } u ? agreements.Where(a => a.UnitId == u) : agreements;
                        agreements = compoundId is { } c ? agreements.Where(a => a.CompoundId == c) : agreements;
                        return filter?.InForceOn is { } day
                            ? agreements.Where(ActiveOn.Where<Agreement>(a => a.SignedOn, a => a.EndedOn, day))
                            : agreements;
                    },
                    [], a => a.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<ProjectType, Project>>>("projects").Public()
            .Description("Co-building projects matching a filter, by id.")
            .Argument<ProjectFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<ProjectFilter?>("where");
                var paths = await AreaQueries.PathsOfAsync(context, filter?.AreaCode);
                var today = AsOf.Today(context);
                return await context.PageAsync(
                    db =>
                    {
                        var projects = db.Projects.InAreas(paths, p => p.Community);
                        projects = filter?.LaunchedFrom is { } from ? projects.Where(p => p.LaunchedOn >= from) : projects;
                        projects = filter?.LaunchedTo is { } to ? projects.Where(p => p.LaunchedOn <= to) : projects;
                        return filter?.Completed switch
                        {
                            true => projects.Where(ActiveOn.WhereEnded<Project>(p => p.CompletedOn, today)),
                            false => projects.Where(ActiveOn.WhereNotEnded<Project>(p => p.CompletedOn, today)),
                            null => projects,
                        };
                    },
                    [], p => p.Id);
            });

        query.Field<NonNullGraphType<ConnectionGraphType<ActivityType, Activity>>>("activities").Public()
            .Description("Collective activities matching a filter, by id.")
            .Argument<ActivityFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var filter = context.GetArgument<ActivityFilter?>("where");
                var paths = await AreaQueries.PathsOfAsync(context, filter?.AreaCode);
                return await context.PageAsync(
                    db =>
                    {
                        var activities = db.Activities.InAreas(paths, a => a.Community);
                        activities = filter?.HeldFrom is { } from ? activities.Where(a => a.HeldOn >= from) : activities;
                        return filter?.HeldTo is { } to ? activities.Where(a => a.HeldOn <= to) : activities;
                    },
                    [], a => a.Id);
            });
    }
}

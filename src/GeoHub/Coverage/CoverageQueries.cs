using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.Common;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Coverage;

public static class CoverageQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<CoverageType>>("coverage").Public()
            .Description("The headline figures of an area (any level) as of a day (default today).")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<DateScalar>("asOf")
            .Cost(arguments => 2 * FieldCosts.AreaScale(arguments.Text("areaCode")))
            .ResolveAsync(async context =>
            {
                var area = await AreaQueries.RequireAsync(context, context.GetArgument<string>("areaCode"));
                return await Of(context, area).GetResultAsync(context.CancellationToken);
            });

        query.Field<NonNullGraphType<OfficeSpaceSummaryType>>("officeSpaceSummary").Public()
            .Description("Office space added in an area between two days (both included), and what of it is still vacant.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<DateScalar>>("addedFrom")
            .Argument<NonNullGraphType<DateScalar>>("addedTo")
            .Cost(arguments => FieldCosts.AreaScale(arguments.Text("areaCode")))
            .ResolveAsync(async context =>
            {
                var (from, to) = (context.GetArgument<DateOnly>("addedFrom"), context.GetArgument<DateOnly>("addedTo"));
                if (from > to)
                {
                    throw GraphQLErrors.InvalidArgument("addedFrom is after addedTo.");
                }

                var code = context.GetArgument<string>("areaCode");
                return await OfficeSpaceRollup.SummarizeAsync(context.DataSource(), code, from, to, AsOf.Today(context), context.CancellationToken)
                    ?? throw GraphQLErrors.NotFound("area", $"code '{code}'");
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeetingComplianceType>>>>("meetingCompliance").Internal(DataKind.Meetings)
            .Description("Organisations of an area and their 三会一课 in a year (branch committee 4, party group 4, assembly 1, lecture 1), by organisation.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<BooleanGraphType>>("behindOnly", "Only organisations short of a minimum (default true).", arg => arg.DefaultValue = true)
            .Cost(arguments => 5 * FieldCosts.AreaScale(arguments.Text("areaCode")))
            .ResolveAsync(async context =>
            {
                var year = context.GetArgument<int>("year");
                if (DateSpan.Of(context) is var span && !span.ContainsYear(year))
                {
                    throw GraphQLErrors.InvalidArgument(span.DescribeYear(year));
                }

                var area = await AreaQueries.RequireAsync(context, context.GetArgument<string>("areaCode"));
                var rows = await MeetingCompliance.ForAreaAsync(context.DataSource(), area.Id, year, context.GetArgument<bool>("behindOnly"), context.Access().Caller, context.CancellationToken);
                await using var db = await context.CreateDbAsync();
                var ids = rows.Select(r => r.OrganizationId).ToList();
                var organizations = await db.PartyOrganizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, context.CancellationToken);
                return rows.Select(r => new OrganizationMeetings(organizations[r.OrganizationId], r)).ToList();
            });
    }

    /// <summary>The area's figures on the field's asOf day: one ledger read for every area asked for at this level of the query.</summary>
    public static IDataLoaderResult<AreaCoverage> Of(IResolveFieldContext context, Area area)
    {
        var day = AsOf.From(context);
        return context.Load(new CoverageByAreaId(day), area.Id)
            .Then(figures => new AreaCoverage(area, day, figures ?? throw new InvalidOperationException($"no figures for area {area.Code}")));
    }
}

/// <summary>The figures of each area on <see cref="Day"/>, in one ledger read.</summary>
public sealed record CoverageByAreaId(DateOnly Day) : IBatchFetch<int, CoverageFigures>
{
    public Task<IReadOnlyDictionary<int, CoverageFigures>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken) =>
        CoverageLedger.ComputeAsync(services.DataSource(), [.. keys], Day, cancellationToken);
}

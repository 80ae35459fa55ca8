using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Npgsql;

namespace GeoHub.Coverage;

public sealed class ProgressIntervalType : EnumerationGraphType<ProgressInterval>
{
    public ProgressIntervalType()
    {
        Name = "ProgressInterval";
        Description = "The step of a progress series: 7 days, 14 days, a calendar month or three.";
    }
}

public static class ProgressQueries
{
    // The earliest day any fact of the map holds from: where a progress series (and the battle
    // map's date control) can usefully start.
    private const string FirstRecordedDaySql = """
        SELECT least(
            (SELECT min(formed_on) FROM party_organizations),
            (SELECT min(covered_from) FROM organization_compounds),
            (SELECT min(formed_on) FROM owners_committees),
            (SELECT min("from") FROM committee_seats),
            (SELECT min(reported_on) FROM party_members),
            (SELECT min(signed_on) FROM agreements),
            (SELECT min(launched_on) FROM projects),
            (SELECT min(held_on) FROM activities),
            (SELECT min(opened_on) FROM venues),
            (SELECT min(added_on) FROM office_spaces))
        """;

    public static void AddTo(ObjectGraphType query)
    {
        query.Field<DateScalar>("firstRecordedDay")
            .Public()
            .Description("The first day any recorded fact (an organisation, committee, seat, report-back, agreement, project, activity, venue or office space) holds from; null on an empty map.")
            .ResolveAsync(async context =>
            {
                await using var command = context.DataSource().CreateCommand(FirstRecordedDaySql);
                return await command.ExecuteScalarAsync(context.CancellationToken) is DateOnly day ? day : (DateOnly?)null;
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CoverageType>>>>("progress")
            .Public()
            .Description($"An area's headline figures at every step from `from` to `to` (both included; the last step is `to` itself), each equal to coverage(areaCode, asOf) of its day; at most {ProgressSteps.MaxPoints} points.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<DateScalar>>("from")
            .Argument<NonNullGraphType<DateScalar>>("to")
            .Argument<NonNullGraphType<ProgressIntervalType>>("every")
            .Cost(PointsCost)
            .ResolveAsync(async context =>
            {
                var (from, to) = (context.GetArgument<DateOnly>("from"), context.GetArgument<DateOnly>("to"));
                if (from > to)
                {
                    throw GraphQLErrors.InvalidArgument("from is after to.");
                }

                var every = context.GetArgument<ProgressInterval>("every");
                var days = ProgressSteps.Days(from, to, every)
                    ?? throw GraphQLErrors.InvalidArgument($"from {from:O} to {to:O} by {every} is more than {ProgressSteps.MaxPoints} points; ask for a longer step or a shorter period.");
                var area = await AreaQueries.RequireAsync(context, context.GetArgument<string>("areaCode"));
                return await SeriesAsync(context.DataSource(), area, days, context.CancellationToken);
            });
    }

    /// <summary>
    /// A series is one pass over the area's ledger steps (Coverage/CoverageLedger), which costs about
    /// what one coverage of the area does (the ×100 city: 22 ms a coverage, 44 ms two years by
    /// fortnight), and a row per point: it weighs as coverage(areaCode) and one more per point.
    /// Unreadable dates weigh as the longest series allowed; the step is taken as a week unless
    /// given as a variable, the dearest case.
    /// </summary>
    private static double PointsCost(CostArguments arguments)
    {
        var every = Enum.TryParse<ProgressInterval>(arguments.Text("every"), ignoreCase: true, out var step) ? step : ProgressInterval.Week;
        var points = arguments.Day("from") is { } from && arguments.Day("to") is { } to && from <= to
            ? ProgressSteps.Days(from, to, every)?.Count ?? ProgressSteps.MaxPoints
            : ProgressSteps.MaxPoints;
        return (2 * FieldCosts.AreaScale(arguments.Text("areaCode"))) + points; // coverage(areaCode) weighs 2 × the area's scale
    }

    /// <summary>
    /// The series, from the ledger in one statement: the one place a progress point is computed,
    /// and the tests compare every point with coverage of its day (and the rollup).
    /// </summary>
    public static async Task<List<AreaCoverage>> SeriesAsync(NpgsqlDataSource dataSource, Area area, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(days);
        var figures = await CoverageLedger.SeriesAsync(dataSource, area.Id, days, cancellationToken);
        return [.. days.Select((day, i) => new AreaCoverage(area, day, figures[i]))];
    }
}

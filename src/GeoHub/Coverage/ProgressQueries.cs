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
    public static void AddTo(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CoverageType>>>>("progress")
            .Description($"An area's headline figures at every step from `from` to `to` (both included; the last step is `to` itself), each equal to coverage(areaCode, asOf) of its day; at most {ProgressSteps.MaxPoints} points.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<NonNullGraphType<DateScalar>>("from")
            .Argument<NonNullGraphType<DateScalar>>("to")
            .Argument<NonNullGraphType<ProgressIntervalType>>("every")
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

    /// <summary>
    /// The series, one coverage rollup per day: the one place a progress point is computed, so that a
    /// faster source (a ledger of changes) can replace it and the tests still compare every point
    /// with coverage of its day.
    /// </summary>
    public static async Task<List<AreaCoverage>> SeriesAsync(NpgsqlDataSource dataSource, Area area, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(days);
        List<AreaCoverage> points = new(days.Count);
        foreach (var day in days)
        {
            var figures = await CoverageRollup.ComputeAsync(dataSource, [area.Id], day, cancellationToken);
            points.Add(new AreaCoverage(area, day, figures[area.Id]));
        }

        return points;
    }
}

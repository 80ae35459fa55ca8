using System.Linq.Expressions;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Compounds;

/// <summary>Which organisation covers a compound on a date: the rule every coverage figure uses.</summary>
public static class CompoundCoverage
{
    /// <summary>
    /// The link is in force on the day and its organisation had been formed and not yet dissolved.
    /// Mirrors the SQL of the coverage rollups; tests compare the two.
    /// </summary>
    public static Expression<Func<OrganizationCompound, bool>> InForceOn(DateOnly day) =>
        l => l.CoveredFrom <= day && (l.CoveredUntil == null || l.CoveredUntil > day)
            && l.Organization!.FormedOn <= day && (l.Organization.DissolvedOn == null || l.Organization.DissolvedOn > day);

    public static IDataLoaderResult<PartyOrganization?> OrganizationOf(IResolveFieldContext context, int compoundId)
    {
        var day = AsOf.From(context);
        var factory = context.RequestServices!.GetRequiredService<IDbContextFactory<Data.GeoHubDb>>();
        return context.Loaders().Get<int, PartyOrganization>($"OrganizationByCompound@{day:O}", async (ids, cancellationToken) =>
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var links = await db.OrganizationCompounds.AsNoTracking()
                .Where(InForceOn(day))
                .Where(l => ids.Contains(l.CompoundId))
                .OrderBy(l => l.OrganizationId)
                .Select(l => new { l.CompoundId, l.Organization })
                .ToListAsync(cancellationToken);
            return links.GroupBy(l => l.CompoundId).ToDictionary(g => g.Key, g => g.First().Organization!);
        }).Load(compoundId);
    }

    public static IDataLoaderResult<CoverageStatus> StatusOf(IResolveFieldContext context, int compoundId) =>
        OrganizationOf(context, compoundId).Then(organization => organization switch
        {
            null => CoverageStatus.None,
            { Formation: Formation.Joint } => CoverageStatus.Joint,
            _ => CoverageStatus.Standalone,
        });
}

/// <summary>The "as of" day of a field: its asOf argument, else today in Longyan (UTC+8, no DST).</summary>
public static class AsOf
{
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <remarks>
    /// Variables read by the System.Text.Json serializer arrive as DateTime when they look like
    /// dates, and GetArgument&lt;DateOnly?&gt; cannot convert those, so both forms are taken.
    /// </remarks>
    public static DateOnly From(IResolveFieldContext context, string argument = "asOf") =>
        context.GetArgument<DateOnly?>(argument) ?? Today;
}

using System.Linq.Expressions;
using GeoHub.Common;
using GeoHub.Data;
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
    /// The link is active on the day, and so is its organisation (formed, not yet dissolved):
    /// a link left open after a dissolution covers nothing.
    /// </summary>
    public static Expression<Func<OrganizationCompound, bool>> InForceOn(DateOnly day) =>
        ActiveOn.Where<OrganizationCompound>(l => l.CoveredFrom, l => l.CoveredUntil, day)
            .And(ActiveOn.Where<OrganizationCompound>(l => l.Organization!.FormedOn, l => l.Organization!.DissolvedOn, day));

    /// <summary>
    /// <see cref="InForceOn"/> in SQL: "FROM …" the links (l) and organisations (o) covering compound
    /// <paramref name="compoundId"/> on <paramref name="day"/> (a date expression, <c>@day</c> unless given).
    /// </summary>
    public static string CoveringOrganizationsSql(string compoundId, string day = "@day") => $"""
        organization_compounds l
        JOIN party_organizations o ON o.id = l.organization_id
        WHERE l.compound_id = {compoundId}
          AND {ActiveOn.Sql("l.covered_from", "l.covered_until", day)}
          AND {ActiveOn.Sql("o.formed_on", "o.dissolved_on", day)}
        """;

    /// <summary>The organisation covering the compound on the field's asOf day (the lowest id if two do, as in a hand-over).</summary>
    public static IDataLoaderResult<PartyOrganization?> OrganizationOf(IResolveFieldContext context, int compoundId) =>
        context.Load(new OrganizationByCompoundId(AsOf.From(context)), compoundId);

    public static IDataLoaderResult<CoverageStatus> StatusOf(IResolveFieldContext context, int compoundId) =>
        OrganizationOf(context, compoundId).Then(organization => organization switch
        {
            null => CoverageStatus.None,
            { Formation: Formation.Joint } => CoverageStatus.Joint,
            _ => CoverageStatus.Standalone,
        });
}

/// <summary>The organisation covering each compound on <see cref="Day"/>.</summary>
public sealed record OrganizationByCompoundId(DateOnly Day) : IBatchFetch<int, PartyOrganization>
{
    public async Task<IReadOnlyDictionary<int, PartyOrganization>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<GeoHubDb>>().CreateDbContextAsync(cancellationToken);
        var links = await db.OrganizationCompounds.AsNoTracking()
            .Where(CompoundCoverage.InForceOn(Day))
            .Where(l => keys.Contains(l.CompoundId))
            .OrderBy(l => l.OrganizationId)
            .Select(l => new { l.CompoundId, l.Organization })
            .ToListAsync(cancellationToken);
        return links.GroupBy(l => l.CompoundId).ToDictionary(g => g.Key, g => g.First().Organization!);
    }
}

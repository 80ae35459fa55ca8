using GeoHub.Data;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.GraphQL;

/// <summary>Entities of one type by their id.</summary>
public sealed record ById<T> : IBatchFetch<int, T>
    where T : class
{
    public static readonly ById<T> Instance = new();

    public async Task<IReadOnlyDictionary<int, T>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<GeoHubDb>>().CreateDbContextAsync(cancellationToken);
        // The id comes back as a column beside the entity: nothing reads it off the object by name.
        return await db.Set<T>().AsNoTracking()
            .Where(e => keys.Contains(EF.Property<int>(e, "Id")))
            .Select(e => new { Id = EF.Property<int>(e, "Id"), Entity = e })
            .ToDictionaryAsync(r => r.Id, r => r.Entity, cancellationToken);
    }
}

/// <summary>
/// The rows that belong to each key (an entity's children, say), in the order <see cref="Rows"/>
/// gives them. A subclass is one record per use: its name, its members and its query are its key.
/// </summary>
public abstract record ManyBy<T> : IBatchFetch<int, IReadOnlyList<T>>
    where T : class
{
    /// <summary>The rows of the keys, in the order each key's list keeps.</summary>
    protected abstract IQueryable<T> Rows(GeoHubDb db, IReadOnlyCollection<int> keys);

    /// <summary>The key a row belongs to.</summary>
    protected abstract int KeyOf(T row);

    public async Task<IReadOnlyDictionary<int, IReadOnlyList<T>>> FetchAsync(IServiceProvider services, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<GeoHubDb>>().CreateDbContextAsync(cancellationToken);
        var rows = await Rows(db, keys).AsNoTracking().ToListAsync(cancellationToken);
        var byKey = new Dictionary<int, IReadOnlyList<T>>();
        foreach (var group in rows.GroupBy(KeyOf))
        {
            byKey[group.Key] = [.. group];
        }

        return byKey;
    }
}

using System.Reflection;
using GeoHub.Data;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.GraphQL;

/// <summary>What resolvers take from the request: a database context, the data source, loaders.</summary>
public static class ResolveContextExtensions
{
    public static async Task<GeoHubDb> CreateDbAsync(this IResolveFieldContext context) =>
        await context.Services().GetRequiredService<IDbContextFactory<GeoHubDb>>().CreateDbContextAsync(context.CancellationToken);

    /// <summary>The data source of the request's route: the primary for a mutation, a standby (where there is one) for a read.</summary>
    public static NpgsqlDataSource DataSource(this IResolveFieldContext context) =>
        context.Services().GetRequiredService<DatabaseRoutes>().DataSourceFor(context.Services().GetRequiredService<RequestRoute>());

    public static DataLoaders Loaders(this IResolveFieldContext context) =>
        context.Services().GetRequiredService<DataLoaders>();

    private static IServiceProvider Services(this IResolveFieldContext context) =>
        context.RequestServices ?? throw new InvalidOperationException("GraphQL request has no RequestServices");

    /// <summary>The entity with this id, fetched with its siblings in one command per query level.</summary>
    public static IDataLoaderResult<T?> LoadById<T>(this IResolveFieldContext context, int id)
        where T : class
    {
        var factory = context.Services().GetRequiredService<IDbContextFactory<GeoHubDb>>();
        return context.Loaders().Get<int, T>(typeof(T).Name + "ById", async (ids, cancellationToken) =>
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var rows = await db.Set<T>().AsNoTracking()
                .Where(e => ids.Contains(EF.Property<int>(e, "Id")))
                .ToListAsync(cancellationToken);
            var idOf = IntProperty<T>("Id");
            return rows.ToDictionary(idOf);
        }).Load(id);
    }

    /// <summary>
    /// The entities whose <paramref name="foreignKey"/> is <paramref name="key"/>, batched per level.
    /// A <paramref name="shape"/> that depends on arguments needs a <paramref name="variant"/> naming them,
    /// so that differently shaped loads do not share a loader.
    /// </summary>
    public static IDataLoaderResult<IReadOnlyList<T>> LoadMany<T>(this IResolveFieldContext context, string foreignKey, int key, Func<IQueryable<T>, IQueryable<T>>? shape = null, string variant = "")
        where T : class
    {
        var factory = context.Services().GetRequiredService<IDbContextFactory<GeoHubDb>>();
        var loader = context.Loaders().Get<int, IReadOnlyList<T>>(typeof(T).Name + "By" + foreignKey + variant, async (keys, cancellationToken) =>
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var query = db.Set<T>().AsNoTracking().Where(e => keys.Contains(EF.Property<int>(e, foreignKey)));
            var rows = await (shape is null ? query : shape(query)).ToListAsync(cancellationToken);
            var keyOf = IntProperty<T>(foreignKey);
            return rows.GroupBy(keyOf).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)[.. g]);
        });
        return new EmptyWhenMissing<T>(loader.Load(key));
    }

    private static Func<T, int> IntProperty<T>(string name)
    {
        var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {name}");
        return e => (int)property.GetValue(e)!;
    }

    private sealed class EmptyWhenMissing<T>(IDataLoaderResult<IReadOnlyList<T>?> inner) : IDataLoaderResult<IReadOnlyList<T>>
    {
        public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default) =>
            await inner.GetResultAsync(cancellationToken) ?? [];

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}

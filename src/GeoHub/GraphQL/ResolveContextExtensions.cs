using GeoHub.Data;
using GraphQL;
using GraphQL.DataLoader;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GeoHub.GraphQL;

/// <summary>What resolvers take from the request: a database context, the data source, loaders.</summary>
public static class ResolveContextExtensions
{
    public static async Task<GeoHubDb> CreateDbAsync(this IResolveFieldContext context) =>
        await context.Services().GetRequiredService<IDbContextFactory<GeoHubDb>>().CreateDbContextAsync(context.CancellationToken);

    /// <summary>The data source of the request's route: the primary for a mutation, a standby (where there is one) for a read.</summary>
    public static NpgsqlDataSource DataSource(this IResolveFieldContext context) => context.Services().DataSource();

    /// <summary>The data source of the request whose services these are (a batch fetch has only those).</summary>
    public static NpgsqlDataSource DataSource(this IServiceProvider services) =>
        services.GetRequiredService<DatabaseRoutes>().DataSourceFor(services.GetRequiredService<RequestRoute>());

    /// <summary>The request's route for statements whose plan does not depend on their values (<see cref="DatabaseRoutes.FixedPlanDataSourceFor"/>).</summary>
    public static NpgsqlDataSource FixedPlanDataSource(this IServiceProvider services) =>
        services.GetRequiredService<DatabaseRoutes>().FixedPlanDataSourceFor(services.GetRequiredService<RequestRoute>());

    /// <summary>Whether the field's selection asks for <paramref name="name"/> directly (in fragments too), so that work only it needs can be left out.</summary>
    public static bool Selects(this IResolveFieldContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FieldAst.SelectionSet.Selects(name, context.Document);
    }

    /// <summary>Whether <paramref name="set"/> asks for <paramref name="name"/> directly (in fragments too).</summary>
    public static bool Selects(this GraphQLSelectionSet? set, string name, GraphQLDocument document) => Selects(set, name, document, 0);

    // Validation has refused fragment cycles before any resolver runs; the depth bound only keeps
    // a mistake from recursing forever. A field under @skip or @include counts as selected: the
    // answer is the same, only the work left out is not.
    private static bool Selects(GraphQLSelectionSet? set, string name, GraphQLDocument document, int depth) =>
        set is not null && depth < 32 && set.Selections.Any(selection => selection switch
        {
            GraphQLField field => field.Name.StringValue == name,
            GraphQLInlineFragment inline => Selects(inline.SelectionSet, name, document, depth + 1),
            GraphQLFragmentSpread spread =>
                Selects(document.FindFragmentDefinition(spread.FragmentName.Name.Value)?.SelectionSet, name, document, depth + 1),
            _ => false,
        });

    /// <summary>The value of <paramref name="key"/>, fetched with the other keys of the query level by one <paramref name="fetch"/>.</summary>
    public static IDataLoaderResult<TValue?> Load<TKey, TValue>(this IResolveFieldContext context, IBatchFetch<TKey, TValue> fetch, TKey key)
        where TKey : notnull
    {
        // The services, not the field context, go to the loader: the context is pooled and
        // reused once the field resolves, before the batch runs.
        var services = context.Services();
        return services.GetRequiredService<DataLoaders>().For(fetch, services).Load(key);
    }

    /// <summary>The rows of <paramref name="key"/> (none when it has none), batched per query level.</summary>
    public static IDataLoaderResult<IReadOnlyList<T>> LoadAll<T>(this IResolveFieldContext context, ManyBy<T> fetch, int key)
        where T : class =>
        context.Load(fetch, key).Then(IReadOnlyList<T> (rows) => rows ?? []);

    /// <summary>The entity with this id, fetched with its siblings in one command per query level.</summary>
    public static IDataLoaderResult<T?> LoadById<T>(this IResolveFieldContext context, int id)
        where T : class =>
        context.Load(ById<T>.Instance, id);

    private static IServiceProvider Services(this IResolveFieldContext context) =>
        context.RequestServices ?? throw new InvalidOperationException("GraphQL request has no RequestServices");
}

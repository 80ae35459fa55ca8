using GeoHub.Data;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.GraphQL;

public static class ConnectionFields
{
    /// <summary>Relay's first/after and last/before.</summary>
    public static FieldBuilder<TSource, TReturn> PagingArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field
            .Argument<IntGraphType>("first", $"Items after the cursor 'after' (default {Paging.DefaultPageSize}, at most {Paging.MaxPageSize}).")
            .Argument<StringGraphType>("after")
            .Argument<IntGraphType>("last", "Items before the cursor 'before'.")
            .Argument<StringGraphType>("before");

    public static Task<Page<T>> PageAsync<T>(this IResolveFieldContext context, Func<GeoHubDb, IQueryable<T>> source, IReadOnlyList<SortKey<T>> order, System.Linq.Expressions.Expression<Func<T, int>> id)
        where T : class =>
        Paging.PageAsync(
            context.RequestServices!.GetRequiredService<IDbContextFactory<GeoHubDb>>(),
            source, order, id, PageRequest.From(context), context.CancellationToken, counted: context.Selects("totalCount"));
}

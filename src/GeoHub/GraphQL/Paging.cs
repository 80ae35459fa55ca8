using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using GeoHub.Data;
using GraphQL;
using GraphQL.Types.Relay.DataObjects;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.GraphQL;

/// <summary>One key of a connection's order; the entity id is always appended as the last key.</summary>
public sealed record SortKey<T>(string Name, LambdaExpression Selector, bool Descending)
{
    // Keys are built per request from lambdas, so compiling each one's selector would make a new
    // dynamic method per request (and finalizer work for each). A key that reads a property is
    // compiled once per property.
    private static readonly ConcurrentDictionary<MemberInfo, Func<T, object?>> Readers = new();
    private Func<T, object?>? reader;

    public Type ValueType => Selector.ReturnType;

    public object? ValueOf(T entity) => (reader ??= ReaderOf(Selector))(entity);

    private static Func<T, object?> ReaderOf(LambdaExpression selector) =>
        selector.Body is MemberExpression { Expression: ParameterExpression } member
            ? Readers.GetOrAdd(member.Member, _ => Compile(selector))
            : Compile(selector);

    private static Func<T, object?> Compile(LambdaExpression selector) =>
        Expression.Lambda<Func<T, object?>>(Expression.Convert(selector.Body, typeof(object)), selector.Parameters).Compile();
}

public static class SortKey
{
    public static SortKey<T> Of<T, TKey>(string name, Expression<Func<T, TKey>> selector, bool descending = false) =>
        new(name, selector, descending);
}

/// <summary>A page of a Relay connection; totalCount is counted only when asked for.</summary>
public sealed class Page<T>
{
    public required IReadOnlyList<Edge<T>> Edges { get; init; }
    public required PageInfo PageInfo { get; init; }
    public required Func<CancellationToken, Task<int>> CountAsync { get; init; }
}

/// <summary>
/// Keyset (seek) paging: a cursor holds the order keys of its row, and the next page starts
/// strictly after them. Unlike offsets, rows inserted or deleted meanwhile neither repeat nor
/// vanish across pages, and deep pages cost an index seek, not a scan.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static async Task<Page<T>> PageAsync<T>(
        IDbContextFactory<GeoHubDb> databases,
        Func<GeoHubDb, IQueryable<T>> source,
        IReadOnlyList<SortKey<T>> order,
        Expression<Func<T, int>> id,
        PageRequest request,
        CancellationToken cancellationToken,
        bool counted = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(databases);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        List<SortKey<T>> keys = [.. order, new SortKey<T>("id", id, false)];
        var backward = request.Last is not null || request.Before is not null;
        var size = request.Size;
        var query = source(db).AsNoTracking();
        var cursor = backward ? request.Before : request.After;
        if (cursor is not null)
        {
            query = query.Where(After(keys, DecodeCursor(cursor, keys), backward));
        }

        var page = Order(query, keys, backward).Take(size + 1);
        List<T> rows;
        int? total = null;
        if (counted)
        {
            // totalCount in the page's own statement: an uncorrelated subquery, which PostgreSQL
            // runs once (an InitPlan) beside the page, saves a second statement and round trip.
            // It counts the connection without the cursor, as the separate count does.
            var all = source(db);
            var withTotal = await page.Select(row => new CountedRow<T>(row, all.Count())).ToListAsync(cancellationToken);
            rows = [.. withTotal.Select(r => r.Row)];
            total = withTotal.Count > 0 ? withTotal[0].Total : null;
        }
        else
        {
            rows = await page.ToListAsync(cancellationToken);
        }

        var more = rows.Count > size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backward)
        {
            rows.Reverse();
        }

        var edges = rows.Select(row => new Edge<T> { Node = row, Cursor = EncodeCursor(keys, row) }).ToList();
        return new Page<T>
        {
            Edges = edges,
            PageInfo = new PageInfo
            {
                HasNextPage = backward ? request.Before is not null : more,
                HasPreviousPage = backward ? more : request.After is not null,
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
            },
            // An empty page carries no total: then the count is a statement of its own.
            CountAsync = total is { } known ? _ => Task.FromResult(known) : async ct =>
            {
                await using var counting = await databases.CreateDbContextAsync(ct);
                return await source(counting).CountAsync(ct);
            },
        };
    }

    private static IOrderedQueryable<T> Order<T>(IQueryable<T> query, List<SortKey<T>> keys, bool reverse)
    {
        IOrderedQueryable<T>? ordered = null;
        foreach (var key in keys)
        {
            var descending = key.Descending ^ reverse;
            var method = (ordered is null, descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var call = Expression.Call(typeof(Queryable), method, [typeof(T), key.ValueType], (ordered ?? query).Expression, Expression.Quote(key.Selector));
            ordered = (IOrderedQueryable<T>)query.Provider.CreateQuery<T>(call);
        }

        return ordered!;
    }

    /// <summary>(k1 &gt; v1) OR (k1 = v1 AND k2 &gt; v2) OR ..., with &lt; for descending keys.</summary>
    private static Expression<Func<T, bool>> After<T>(List<SortKey<T>> keys, object?[] values, bool reverse)
    {
        var row = Expression.Parameter(typeof(T), "row");
        Expression? any = null;
        for (var i = 0; i < keys.Count; i++)
        {
            Expression all = Compare(keys[i], values[i], row, keys[i].Descending ^ reverse ? ExpressionType.LessThan : ExpressionType.GreaterThan);
            for (var j = i - 1; j >= 0; j--)
            {
                all = Expression.AndAlso(Compare(keys[j], values[j], row, ExpressionType.Equal), all);
            }

            any = any is null ? all : Expression.OrElse(any, all);
        }

        return Expression.Lambda<Func<T, bool>>(any!, row);
    }

    private static BinaryExpression Compare<T>(SortKey<T> key, object? value, ParameterExpression row, ExpressionType comparison)
    {
        var left = new ReplaceParameter(key.Selector.Parameters[0], row).Visit(key.Selector.Body);
        // The value is read from a holder, not written in as a constant: EF then sends it as a
        // parameter, so every page of a connection shares one compiled query and one SQL text.
        var holder = Activator.CreateInstance(typeof(Holder<>).MakeGenericType(key.ValueType), value)!;
        Expression right = Expression.Property(Expression.Constant(holder), nameof(Holder<int>.Value));
        if (key.ValueType == typeof(string))
        {
            // string has no < operator in C#; EF translates string.Compare(a, b) OP 0 to a OP b.
            left = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            right = Expression.Constant(0);
        }

        return Expression.MakeBinary(comparison, left, right);
    }

    /// <summary>
    /// The row's order keys after the connection's signature (its item type and order): keys
    /// alone would let a venues cursor of [5] page compounds, silently, from another row 5.
    /// </summary>
    private static string EncodeCursor<T>(List<SortKey<T>> keys, T row) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(keys.Select(k => k.ValueOf(row)).Prepend(Signature(keys)).ToArray()));

    /// <summary>The cursor of a row of a connection in the default order (by id alone), as <see cref="EncodeCursor"/> makes it.</summary>
    public static string IdCursor(Type rowType, int id)
    {
        ArgumentNullException.ThrowIfNull(rowType);
        return Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new object?[] { Signature(rowType, ["id"]), id }));
    }

    private static string Signature<T>(List<SortKey<T>> keys) =>
        Signature(typeof(T), keys.Select(k => k.Descending ? "-" + k.Name : k.Name));

    private static string Signature(Type rowType, IEnumerable<string> keys) => rowType.Name + ":" + string.Join(",", keys);

    private static object?[] DecodeCursor<T>(string cursor, List<SortKey<T>> keys)
    {
        try
        {
            var values = JsonSerializer.Deserialize<JsonElement[]>(Base64Url.DecodeFromChars(cursor));
            if (values is null || values.Length != keys.Count + 1
                || values[0].ValueKind != JsonValueKind.String || values[0].GetString() != Signature(keys))
            {
                throw new FormatException("cursor of another connection or order");
            }

            return [.. keys.Select((k, i) => values[i + 1].Deserialize(k.ValueType))];
        }
        catch (Exception exception) when (exception is FormatException or JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ExecutionError($"'{cursor}' is not a cursor of this connection in this order.") { Code = ErrorCodes.InvalidCursor };
        }
    }

    private sealed record CountedRow<TRow>(TRow Row, int Total);

    private sealed class Holder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>Relay paging arguments, checked once.</summary>
public sealed record PageRequest(int? First, string? After, int? Last, string? Before)
{
    public int Size => First ?? Last ?? Paging.DefaultPageSize;

    public static PageRequest From(IResolveFieldContext context)
    {
        var request = new PageRequest(
            context.GetArgument<int?>("first"), context.GetArgument<string?>("after"),
            context.GetArgument<int?>("last"), context.GetArgument<string?>("before"));
        if (request.First is not null && request.Last is not null)
        {
            throw GraphQLErrors.InvalidArgument("Give first (with after) or last (with before), not both.");
        }

        if (request.Size is < 0 or > Paging.MaxPageSize)
        {
            throw GraphQLErrors.InvalidArgument($"A page holds 0 to {Paging.MaxPageSize} items.");
        }

        return request;
    }
}

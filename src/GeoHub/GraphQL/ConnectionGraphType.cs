using GeoHub.Access;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;

namespace GeoHub.GraphQL;

/// <summary>A Relay connection with totalCount and, beside edges, the plain list of nodes.</summary>
public sealed class ConnectionGraphType<TNodeType, T> : ObjectGraphType<Page<T>>
    where TNodeType : IGraphType
{
    public ConnectionGraphType()
    {
        var node = TypeNames.Of<TNodeType>();
        Name = node + "Connection";
        Description = $"A page of {node} items, in the order asked for.";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Public()
            .Description("Items matching the filter, on all pages.")
            .ResolveAsync(async context => await context.Source.CountAsync(context.CancellationToken));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Public().Resolve(context => context.Source.PageInfo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeGraphType<TNodeType, T>>>>>("edges").Public().Resolve(context => context.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Public().Resolve(context => context.Source.Edges.Select(e => e.Node));
    }
}

public sealed class EdgeGraphType<TNodeType, T> : ObjectGraphType<Edge<T>>
    where TNodeType : IGraphType
{
    public EdgeGraphType()
    {
        Name = TypeNames.Of<TNodeType>() + "Edge";
        Field<NonNullGraphType<StringGraphType>>("cursor").Public().Resolve(context => context.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Public().Resolve(context => context.Source.Node);
    }
}

public sealed class SortDirectionType : EnumerationGraphType
{
    public SortDirectionType()
    {
        Name = "SortDirection";
        Add("ASC", false, "Smallest first.");
        Add("DESC", true, "Largest first.");
    }
}

internal static class TypeNames
{
    /// <summary>Graph types are named after their class without the "Type" suffix: CompoundType → Compound.</summary>
    public static string Of<TGraphType>() =>
        typeof(TGraphType).Name.EndsWith("Type", StringComparison.Ordinal) ? typeof(TGraphType).Name[..^4] : typeof(TGraphType).Name;
}

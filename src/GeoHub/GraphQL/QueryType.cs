using GraphQL.Types;

namespace GeoHub.GraphQL;

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Field<NonNullGraphType<StringGraphType>>("version").Resolve(_ => "0.1");
    }
}

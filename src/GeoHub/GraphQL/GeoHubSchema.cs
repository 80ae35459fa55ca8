using GeoHub.Access;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.GraphQL;

public sealed class GeoHubSchema : Schema
{
    public GeoHubSchema(IServiceProvider services, QueryType query, MutationType mutation, Changes.SubscriptionType subscription)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        Description = "GeoHub: compounds, venues, organisations and co-building units of the battle map.";

        // Days are DateOnly throughout; inferred fields must use our Date scalar, not GraphQL.NET's DateOnly one.
        RegisterTypeMapping(typeof(DateOnly), typeof(DateScalar));

        // Every field's access class is enforced from here (Access/).
        RegisterVisitor(new AccessSchemaVisitor());
    }

    /// <summary>The printed schema, as `geohub schema` writes it and /schema.graphql serves it.</summary>
    public static string PrintSdl()
    {
        var services = new ServiceCollection().AddGeoHubGraphQL().BuildServiceProvider();
        return services.GetRequiredService<ISchema>().Print();
    }
}

using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Compounds;

public sealed record ImportCompoundsPayload(int Created, int Updated, IReadOnlyList<Compound> Compounds);

public sealed class ImportCompoundsPayloadType : ObjectGraphType<ImportCompoundsPayload>
{
    public ImportCompoundsPayloadType()
    {
        Name = "ImportCompoundsPayload";
        Field(p => p.Created);
        Field(p => p.Updated);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompoundType>>>>("compounds").Resolve(context => context.Source.Compounds);
    }
}

public static class CompoundMutations
{
    public static void AddTo(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ImportCompoundsPayloadType>>("importCompounds")
            .Description("Create or update a community's compounds from a GeoJSON FeatureCollection, all or nothing; features match by code, else by name.")
            .Argument<NonNullGraphType<StringGraphType>>("communityCode")
            .Argument<NonNullGraphType<GeoJsonScalar>>("features")
            .Resolve(_ => throw GraphQLErrors.NotImplemented("importCompounds", "issue 3"));
}

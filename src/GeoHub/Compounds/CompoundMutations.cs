using System.Text.Json;
using GeoHub.Access;
using GeoHub.Areas;
using GeoHub.GraphQL;
using GeoHub.Maps;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Compounds;

public sealed record ImportCompoundsPayload(int Created, int Updated, IReadOnlyList<Compound> Compounds);

public sealed class ImportCompoundsPayloadType : ObjectGraphType<ImportCompoundsPayload>
{
    public ImportCompoundsPayloadType()
    {
        Name = "ImportCompoundsPayload";
        Field(p => p.Created).Public();
        Field(p => p.Updated).Public();
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CompoundType>>>>("compounds").Public().Resolve(context => context.Source.Compounds);
    }
}

public static class CompoundMutations
{
    public static void AddTo(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ImportCompoundsPayloadType>>("importCompounds").Write()
            .Description("Create or update a community's compounds from a GeoJSON FeatureCollection, all or nothing; features match by code, else by name. "
                + "Each bad feature is its own error (INVALID_GEOMETRY, or INVALID_ARGUMENT for bad properties), and then nothing is written.")
            .Argument<NonNullGraphType<StringGraphType>>("communityCode")
            .Argument<NonNullGraphType<GeoJsonScalar>>("features")
            .Cost(1000)
            .ResolveAsync(ImportAsync);

    private static async Task<object?> ImportAsync(IResolveFieldContext context)
    {
        // OFFICER in its areas, ADMIN anywhere (an unknown community is then NOT_FOUND below).
        var code = context.GetArgument<string>("communityCode");
        var access = context.Access();
        access.DemandWrite(context, await AreaQueries.FindPathAsync(context, code), code);
        var features = CompoundFeatures.FromGeoJson(context.GetArgument<JsonElement>("features"));

        await using var db = await context.CreateDbAsync();
        var result = await CompoundImport.ImportAsync(db, code, features,
            beforeCommit: _ => access.AppendWriteAsync(db, context, code, "OK"), cancellationToken: context.CancellationToken);
        if (result.Succeeded)
        {
            return new ImportCompoundsPayload(result.Created, result.Updated, result.Compounds);
        }

        // One error per bad feature, so a planner fixes the whole file in one round: all but the
        // last are added to the response, the last one is thrown to fail the field.
        var errors = result.Errors.Select(e => ToExecutionError(context, e)).ToList();
        access.WriteFailed(context, code, errors[0]);
        foreach (var error in errors.SkipLast(1))
        {
            context.Errors.Add(error);
        }

        throw errors[^1];
    }

    private static ExecutionError ToExecutionError(IResolveFieldContext context, ImportError error)
    {
        var result = new ExecutionError(error.Message) { Code = error.Code, Path = context.ResponsePath.ToList() };
        result.AddLocation(context.FieldAst, context.Document);
        if (error.Feature is { } index)
        {
            result.Data["feature"] = index;
        }

        return result;
    }
}

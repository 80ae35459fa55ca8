using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Changes;

/// <summary>
/// Declares a mutation of the week's changes: one <c>input</c> (its own input type, which always
/// has <c>on</c> and <c>reason</c>), and a payload holding the record that changed, read after the
/// write commits.
/// </summary>
public static class WriteFields
{
    /// <summary>
    /// A mutation <paramref name="name"/> whose input has <paramref name="fields"/> besides on and
    /// reason, and whose <paramref name="write"/> checks, writes and returns the id of the record
    /// the payload holds.
    /// </summary>
    public static void Add<TEntity, TGraph>(
        ObjectGraphType mutation, string name, string description, Action<InputObjectGraphType> fields, Func<WriteScope, WriteInput, Task<int>> write)
        where TEntity : class
        where TGraph : IGraphType
    {
        ArgumentNullException.ThrowIfNull(mutation);
        ArgumentNullException.ThrowIfNull(fields);
        var input = new InputObjectGraphType { Name = char.ToUpperInvariant(name[0]) + name[1..] + "Input" };
        fields(input);
        input.Field<NonNullGraphType<DateScalar>>("on").Description("The day of the change, in Longyan; not in the future.");

        input.Field<StringGraphType>("reason").Description("Why a settled day (before the open fortnight) is corrected; required then, and kept in the change log.");
        var field = mutation.Field<NonNullGraphType<EntityPayloadType<TEntity, TGraph>>>(name)
            .Write()
            .Description(description)
            .ResolveAsync(async context => (object?)new EntityPayload(await Writes.RunAsync(context, write)));
        field.FieldType.Arguments = new QueryArguments(new QueryArgument(new NonNullGraphType(input)) { Name = "input" });
        field.Cost(10);
    }
}

/// <summary>A write's answer before it is read: the id of the record that changed.</summary>
public sealed record EntityPayload(int Id);

/// <summary>A payload holding one record (AgreementPayload { agreement }), read after the write committed.</summary>
public sealed class EntityPayloadType<TEntity, TGraph> : ObjectGraphType<EntityPayload>
    where TEntity : class
    where TGraph : IGraphType
{
    /// <summary>The payload's field, named as clients say it (ReportBack's `member`, not `partyMember`).</summary>
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        ["PartyMember"] = "member",
        ["PartyOrganization"] = "organization",
        ["PartyRole"] = "role",
        ["OwnersCommittee"] = "committee",
        ["CommitteeSeat"] = "seat",
        ["CoBuildingUnit"] = "unit",
    };

    public EntityPayloadType()
    {
        var entity = typeof(TEntity).Name;
        Name = entity + "Payload";
        Description = $"The {entity} as the write left it.";
        // Structure: the record's own fields carry their access classes.
        Field<NonNullGraphType<TGraph>>(FieldNames.GetValueOrDefault(entity) ?? char.ToLowerInvariant(entity[0]) + entity[1..])
            .Public()
            .ResolveAsync(async context =>
            {
                await using var db = await context.CreateDbAsync();
                return (object?)await db.Set<TEntity>().AsNoTracking()
                    .SingleAsync(e => EF.Property<int>(e, "Id") == context.Source.Id, context.CancellationToken);
            });
    }
}

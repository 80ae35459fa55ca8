using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;

namespace GeoHub.Access;

/// <summary>Who the server takes the caller to be.</summary>
public sealed record Viewer(Caller Caller);

public sealed class ViewerType : ObjectGraphType<Viewer>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The caller as the server takes it from the bearer token: PUBLIC with no areas without one.";
        Field<NonNullGraphType<RoleType>>("role").Public().Resolve(context => context.Source.Caller.Role);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("areaCodes").Public()
            .Description("The areas the role holds in (with everything under them); codes the token names but no area has are left out.")
            .Resolve(context => context.Source.Caller.AreaCodes.ToList());
        Field<StringGraphType>("subject").Public().Description("The token's subject; null without a token.").Resolve(context => context.Source.Caller.Subject);
        Field<IdGraphType>("unitId").Public().Description("The co-building unit a UNIT caller acts for.")
            .Resolve(context => context.Source.Caller.UnitId is { } id ? GlobalId.Encode("CoBuildingUnit", id) : null);
    }
}

public sealed class AuditKindType : EnumerationGraphType<AuditKind>
{
    public AuditKindType()
    {
        Name = "AuditKind";
        Description = "WRITE (a write or a failed attempt), PERSONAL_READ (personal text shown unmasked), REFUSAL (FORBIDDEN, UNAUTHENTICATED), AUDIT_READ (this log read).";
    }
}

public sealed class AuditRecordType : ObjectGraphType<AuditRecord>
{
    public AuditRecordType()
    {
        Name = "AuditEntry";
        Description = "A line of the audit log.";
        Field<NonNullGraphType<DateTimeScalar>>("at").Internal(DataKind.AuditLog).Resolve(context => context.Source.At);
        Field<StringGraphType>("subject").Internal(DataKind.AuditLog).Description("The token's subject; null for the anonymous.").Resolve(context => context.Source.Subject);
        Field<NonNullGraphType<RoleType>>("role").Internal(DataKind.AuditLog).Resolve(context => context.Source.Role);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("areaCodes").Internal(DataKind.AuditLog)
            .Description("The areas the caller's role held in.").Resolve(context => context.Source.AreaCodes);
        Field<NonNullGraphType<AuditKindType>>("kind").Internal(DataKind.AuditLog).Resolve(context => context.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("operation").Internal(DataKind.AuditLog)
            .Description("The field (Type.field: Mutation.bookVenue, PartyMember.name) or, for a refused request, the path.").Resolve(context => context.Source.Operation);
        Field<StringGraphType>("operationName").Internal(DataKind.AuditLog).Description("The GraphQL operation's name, when the client gave one.").Resolve(context => context.Source.OperationName);
        Field<StringGraphType>("areaCode").Internal(DataKind.AuditLog)
            .Description("The area concerned: a write's (the venue's area, the community imported into), the community of personal data read.")
            .Resolve(context => context.Source.AreaCode);
        Field<NonNullGraphType<StringGraphType>>("outcome").Internal(DataKind.AuditLog).Description("OK, or the error code (FORBIDDEN, UNAUTHENTICATED, BOOKING_CONFLICT…).").Resolve(context => context.Source.Outcome);
        Field<IntGraphType>("items").Internal(DataKind.AuditLog).Description("Items whose personal text was read in the area.").Resolve(context => context.Source.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Changes.ChangeRecordType>>>>("changes").Internal(DataKind.AuditLog)
            .Description("For a write of the week's changes: what it did to each record, before and after.")
            .ResolveAsync(async context => (object?)await Changes.ChangeRecordType.OfAsync(context, context.Source));
    }
}

public sealed class AuditFilterType : InputObjectGraphType<AuditFilter>
{
    public AuditFilterType()
    {
        Name = "AuditFilter";
        Description = "Every condition given must hold.";
        Field(f => f.Kind, type: typeof(AuditKindType));
        Field(f => f.Subject, nullable: true);
        Field(f => f.Role, type: typeof(RoleType));
        Field(f => f.Outcome, nullable: true).Description("OK, or an error code.");
        Field(f => f.Operation, nullable: true).Description("Type.field, e.g. Mutation.bookVenue.");
        Field(f => f.AreaCode, nullable: true).Description("The area concerned, exactly.");
        Field(f => f.From, type: typeof(DateTimeScalar)).Description("At or after this instant.");
        Field(f => f.To, type: typeof(DateTimeScalar)).Description("Before this instant.");
    }
}

public static class AccessQueries
{
    public static void AddTo(ObjectGraphType query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Field<NonNullGraphType<ViewerType>>("viewer").Public()
            .Description("Who the server takes the caller to be, from the bearer token.")
            .Resolve(context => new Viewer(context.Access().Caller));

        query.Field<NonNullGraphType<ConnectionGraphType<AuditRecordType, AuditRecord>>>("auditLog").Internal(DataKind.AuditLog)
            .Description("Writes, reads of personal data and refusals, newest first (ADMIN only; reading it is audited too).")
            .Argument<AuditFilterType>("where")
            .PagingArguments()
            .ResolveAsync(async context =>
            {
                var access = context.Access();
                access.Record(AuditEntry.For(access.Caller, AuditKind.AuditRead, "Query.auditLog", context.Operation.Name?.StringValue, null, "OK"));
                return await AuditQueries.PageAsync(context.DataSource(), context.GetArgument<AuditFilter?>("where"), PageRequest.From(context), context.CancellationToken);
            });
    }
}

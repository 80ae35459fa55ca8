using GeoHub.Committees;
using GeoHub.GraphQL;
using GeoHub.Organizations;
using GeoHub.Venues;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Instrumentation;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Utilities;

namespace GeoHub.Access;

/// <summary>
/// Enforces a field's access class (<see cref="FieldAccess"/>) on every resolution of the field:
/// FORBIDDEN when the caller may see no item of its kind anywhere (or may write nowhere), and
/// personal text masked unless the caller may read it. Public fields get no middleware at all.
/// </summary>
internal sealed class AccessFieldMiddleware(FieldAccess access) : IFieldMiddleware
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        var request = Request(context);
        var caller = request.Caller;
        var allowed = access.Class == AccessClass.Write ? AccessRules.MayWriteSomewhere(caller) : AccessRules.MayRead(caller, access.Kind!.Value);
        if (!allowed)
        {
            request.Refused(Operation(context), context.Operation.Name?.StringValue, null, ErrorCodes.Forbidden);
            throw AccessRules.Forbidden(access.Class == AccessClass.Write
                ? $"A {Name(caller)} caller may not write."
                : $"A {Name(caller)} caller may not read {context.ParentType.Name}.{context.FieldDefinition.Name}.");
        }

        var value = await next(context);
        if (access.Class != AccessClass.Personal)
        {
            return value;
        }

        return value is IDataLoaderResult deferred ? new Shown(deferred, text => Show(context, request, text)) : Show(context, request, value);
    }

    private object? Show(IResolveFieldContext context, RequestAccess request, object? value)
    {
        var kind = access.Kind!.Value;
        if (!AccessRules.ShowsPersonal(request.Caller, kind))
        {
            return Masking.Mask(value as string);
        }

        if (value is not null && ItemId(context.Source) is { } id)
        {
            request.ReadPersonal(kind, id, Operation(context), context.Operation.Name?.StringValue);
        }

        return value;
    }

    internal static RequestAccess Request(IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL request has no RequestServices")).GetRequiredService<RequestAccess>();

    /// <summary>The field as the audit log names it: Type.field.</summary>
    internal static string Operation(IResolveFieldContext context) => context.ParentType.Name + "." + context.FieldDefinition.Name;

    private static string Name(Caller caller) => AuditLog.Name(caller.Role);

    /// <summary>The id of an item that carries personal text, for the audit log's line.</summary>
    private static int? ItemId(object? source) => source switch
    {
        PartyMember member => member.Id,
        CommitteeSeat seat => seat.Id,
        Booking booking => booking.Id,
        _ => null,
    };

    private sealed class Shown(IDataLoaderResult inner, Func<object?, object?> show) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => show(await inner.GetResultAsync(cancellationToken));
    }
}

/// <summary>A field that nobody gave an access class: refused to everyone until someone does.</summary>
internal sealed class UnclassifiedFieldMiddleware : IFieldMiddleware
{
    public ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next) =>
        throw AccessRules.Forbidden($"{context.ParentType.Name}.{context.FieldDefinition.Name} has no access rule yet.");
}

/// <summary>
/// Visits every field of the schema when it is built: each gets the middleware its access class
/// needs, and a field without one is refused (the schema test names it).
/// </summary>
public sealed class AccessSchemaVisitor : BaseSchemaNodeVisitor
{
    public override void VisitObjectFieldDefinition(FieldType field, IObjectGraphType type, ISchema schema)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(type);
        if (type.Name.StartsWith("__", StringComparison.Ordinal))
        {
            return;
        }

        // GraphQL.NET's own PageInfo: paging structure, decided by the connection's field.
        if (type is PageInfoType)
        {
            field.Public();
        }

        IFieldMiddleware? middleware = FieldAccess.Of(field) switch
        {
            null => new UnclassifiedFieldMiddleware(),
            { Class: AccessClass.Public } => null,
            var access => new AccessFieldMiddleware(access),
        };
        if (middleware is not null)
        {
            // The resolver itself is wrapped: field middleware registered at this point of the
            // schema's initialisation would not be applied any more.
            field.Resolver = new GuardedResolver(middleware, field.Resolver ?? NameFieldResolver.Instance);
        }
    }

    private sealed class GuardedResolver(IFieldMiddleware guard, IFieldResolver inner) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context) => guard.ResolveAsync(context, inner.ResolveAsync);
    }
}

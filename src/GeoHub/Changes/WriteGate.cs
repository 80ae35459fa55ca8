using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL;

namespace GeoHub.Changes;

/// <summary>
/// Where writes meet access control (README: who may see and change what): the caller's right is
/// demanded of the place each write happens in, and the audit line commits in the write's own
/// transaction beside its change-log line, so a write and its audit entry exist together or not
/// at all.
/// </summary>
public static class WriteGate
{
    /// <summary>Refuses the write with FORBIDDEN (audited) unless the caller may write in <paramref name="place"/>.</summary>
    public static void Demand(IResolveFieldContext context, Place place)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(place);
        context.Access().DemandWrite(context, place.Path, place.Code);
    }

    /// <summary>
    /// A subscription to an area's changes: what a change says (its kind, day, area, record and
    /// compound) is public, as the map it redraws is; the record's personal fields keep their own
    /// access classes when a subscriber selects them. So every caller may subscribe.
    /// </summary>
    public static void DemandSubscribe(IResolveFieldContext context, string areaPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(areaPath);
    }

    /// <summary>Appends the write's audit entry inside its transaction, at the time of its change-log line.</summary>
    public static Task AuditAsync(IResolveFieldContext context, WriteScope scope, Change change, DateTime at)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(change);
        var entry = context.Access().Write(context, change.Place.Code, "OK") with { At = at };
        return AuditLog.AppendAsync(scope.Connection, scope.Transaction, entry, scope.CancellationToken);
    }

    /// <summary>A write refused after its right was granted (nothing written): its audit line, written after the request.</summary>
    public static void Failed(IResolveFieldContext context, ExecutionError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code != ErrorCodes.Forbidden)
        {
            context.Access().WriteFailed(context, null, error);
        }
    }

    /// <summary>Who writes, as the change log and the idempotency keys name them.</summary>
    public static string? Subject(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Access().Caller.Subject;
    }

    /// <summary>The same for an HTTP request, before GraphQL runs (idempotency keys are per caller).</summary>
    public static string? Subject(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.RequestServices.GetRequiredService<RequestAccess>().Caller.Subject;
    }
}

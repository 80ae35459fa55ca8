using GraphQL;

namespace GeoHub.Changes;

/// <summary>
/// The one place where writes meet access control and the audit log, so that the access layer
/// (issue 8: a Caller per request, OFFICER in its areas, ADMIN anywhere) is wired in here and
/// nowhere else. Until it lands every caller may write, and the change log (table changes, with
/// before, after, reason and subject) is the audit trail of writes.
/// </summary>
public static class WriteGate
{
    /// <summary>Refuses the write unless the caller may write in <paramref name="place"/>.</summary>
    public static void Demand(IResolveFieldContext context, Place place)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(place);
    }

    /// <summary>Refuses a subscription to an area's changes unless the caller may see that area's changes.</summary>
    public static void DemandSubscribe(IResolveFieldContext context, string areaPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(areaPath);
    }

    /// <summary>Appends the write's audit entry (before and after) inside its transaction.</summary>
    public static Task AuditAsync(IResolveFieldContext context, WriteScope scope, Change change)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(change);
        return Task.CompletedTask;
    }

    /// <summary>Who writes, as the change log and the idempotency keys name them ("" for nobody).</summary>
    public static string? Subject(IResolveFieldContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return null;
    }

    /// <summary>The same for an HTTP request, before GraphQL runs (idempotency keys are per caller).</summary>
    public static string? Subject(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return null;
    }
}

using System.Collections.Concurrent;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using Microsoft.EntityFrameworkCore;

namespace GeoHub.Access;

/// <summary>
/// The request's caller, and what the request did that the audit log must hold: refusals and
/// reads of personal data are gathered here and handed to <see cref="AuditLog"/> when the request
/// ends (off its latency); writes are appended in their own transaction.
/// </summary>
public sealed class RequestAccess(AuditLog audit)
{
    // Made on first use: most requests refuse nothing and read no personal text, and three
    // concurrent collections made for every request were a twentieth of a small query's time.
    private ConcurrentDictionary<(string Operation, string? OperationName, string? AreaCode, string Outcome), byte>? refusals;
    private ConcurrentDictionary<(DataKind Kind, string Operation, string? OperationName), ConcurrentDictionary<int, byte>>? personalReads;
    private ConcurrentQueue<AuditEntry>? entries;

    public Caller Caller { get; set; } = Caller.Anonymous;

    /// <summary>A refusal (FORBIDDEN, UNAUTHENTICATED…); repeats within the request are one entry.</summary>
    public void Refused(string operation, string? operationName, string? areaCode, string outcome) =>
        Made(ref refusals).TryAdd((operation, operationName, areaCode, outcome), 0);

    /// <summary>Personal text of an item shown unmasked; the audit entry names the item's area.</summary>
    public void ReadPersonal(DataKind kind, int itemId, string operation, string? operationName) =>
        Made(ref personalReads).GetOrAdd((kind, operation, operationName), _ => new()).TryAdd(itemId, 0);

    /// <summary>
    /// Refuses the write with FORBIDDEN (audited) unless the caller may write in the area with
    /// <paramref name="areaPath"/>, or owns the item as the unit <paramref name="unitId"/>.
    /// </summary>
    public void DemandWrite(IResolveFieldContext context, string? areaPath, string? areaCode, int? unitId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!AccessRules.MayWrite(Caller, areaPath, unitId))
        {
            Refused(AccessFieldMiddleware.Operation(context), context.Operation.Name?.StringValue, areaCode, ErrorCodes.Forbidden);
            throw AccessRules.Forbidden($"A {Caller.Role.ToString().ToUpperInvariant()} caller may not {context.FieldDefinition.Name} here.");
        }
    }

    /// <summary>An audit entry for a write by this caller.</summary>
    public AuditEntry Write(IResolveFieldContext context, string? areaCode, string outcome)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AuditEntry.For(Caller, AuditKind.Write, AccessFieldMiddleware.Operation(context), context.Operation.Name?.StringValue, areaCode, outcome);
    }

    /// <summary>Appends a write's entry inside the write's own transaction: it commits with the write, or neither does.</summary>
    public Task AppendWriteAsync(GeoHubDb db, IResolveFieldContext context, string? areaCode, string outcome) =>
        AuditLog.AppendAsync(db, Write(context, areaCode, outcome), context.CancellationToken);

    /// <summary>A write that failed after its right was granted (nothing written): its outcome is the error's code.</summary>
    public void WriteFailed(IResolveFieldContext context, string? areaCode, ExecutionError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Record(Write(context, areaCode, error.Code ?? ErrorCodes.InternalError));
    }

    /// <summary>An entry that need not commit with anything (a failed write, a read): written after the request.</summary>
    public void Record(AuditEntry entry) => Made(ref entries).Enqueue(entry);

    /// <summary>Hands what the request gathered to the audit log's writer.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (refusals is null && personalReads is null && entries is null)
        {
            return;
        }

        var queue = Made(ref entries);
        foreach (var (operation, operationName, areaCode, outcome) in refusals?.Keys ?? [])
        {
            queue.Enqueue(AuditEntry.For(Caller, AuditKind.Refusal, operation, operationName, areaCode, outcome));
        }

        foreach (var ((kind, operation, operationName), ids) in personalReads ?? [])
        {
            queue.Enqueue(AuditEntry.For(Caller, AuditKind.PersonalRead, operation, operationName, null, "OK") with
            {
                ItemKind = kind,
                ItemIds = [.. ids.Keys],
            });
        }

        refusals?.Clear();
        personalReads?.Clear();
        while (queue.TryDequeue(out var entry))
        {
            await audit.EnqueueAsync(entry, cancellationToken);
        }
    }

    /// <summary>The collection in <paramref name="field"/>, made by the first of any concurrent resolvers to need it.</summary>
    private static T Made<T>(ref T? field)
        where T : class, new() =>
        Volatile.Read(ref field) ?? Interlocked.CompareExchange(ref field, new T(), null) ?? field!;
}

/// <summary>The request's contexts: pooled ones of the request's route, each set to read for the request's caller.</summary>
internal sealed class CallerDbContextFactory(DatabaseRoutes routes, RequestRoute route, RequestAccess access) : IDbContextFactory<GeoHubDb>
{
    public GeoHubDb CreateDbContext()
    {
        var db = routes.DbsFor(route).CreateDbContext();
        db.Caller = access.Caller;
        return db;
    }

    public async Task<GeoHubDb> CreateDbContextAsync(CancellationToken cancellationToken = default)
    {
        var db = await routes.DbsFor(route).CreateDbContextAsync(cancellationToken);
        db.Caller = access.Caller;
        return db;
    }
}

public static class RequestAccessExtensions
{
    /// <summary>The request's caller and audit trail.</summary>
    public static RequestAccess Access(this IResolveFieldContext context) => AccessFieldMiddleware.Request(context);
}

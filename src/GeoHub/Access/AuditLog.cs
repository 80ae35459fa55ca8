using System.Threading.Channels;
using GeoHub.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.Access;

public enum AuditKind
{
    /// <summary>A write, or an attempt that failed.</summary>
    Write,

    /// <summary>Personal text shown unmasked.</summary>
    PersonalRead,

    /// <summary>A request or field refused: FORBIDDEN, UNAUTHENTICATED.</summary>
    Refusal,

    /// <summary>The audit log itself read.</summary>
    AuditRead,
}

/// <summary>
/// One line of the audit log: who (subject, role, areas), what (kind, operation, the area
/// concerned, outcome), when. Reads of personal data name their items; the writer turns them into
/// one line per area the items lie in, with their count.
/// </summary>
public sealed record AuditEntry(
    DateTime At, string? Subject, Role Role, string[] AreaCodes, AuditKind Kind, string Operation, string? OperationName, string? AreaCode, string Outcome)
{
    public DataKind? ItemKind { get; init; }

    public int[]? ItemIds { get; init; }

    public static AuditEntry For(Caller caller, AuditKind kind, string operation, string? operationName, string? areaCode, string outcome)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new(DateTime.UtcNow, caller.Subject, caller.Role, [.. caller.AreaCodes], kind, operation, operationName, areaCode, outcome);
    }
}

/// <summary>
/// The audit log (table audit_log, append-only: see README.md). Writes append their line inside
/// their own transaction, so none is lost; reads and refusals are queued and written in batches
/// by a background loop, off the request's latency (a bounded queue: when it is full, requests
/// wait for it rather than drop lines).
/// </summary>
public sealed partial class AuditLog(NpgsqlDataSource dataSource, ILogger<AuditLog> logger) : BackgroundService
{
    private const int BatchSize = 500;

    private const string InsertSql = """
        INSERT INTO audit.audit_log (at, subject, role, areas, kind, operation, operation_name, area_code, outcome)
        SELECT u.at, u.subject, u.role, u.areas::text[], u.kind, u.operation, u.operation_name, u.area_code, u.outcome
        FROM unnest(@at, @subject, @role, @areas_text, @kind, @operation, @operation_name, @area_code, @outcome)
            AS u(at, subject, role, areas, kind, operation, operation_name, area_code, outcome)
        """;

    private readonly Channel<AuditEntry> queue = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(50_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long unwritten;

    public ValueTask EnqueueAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref unwritten);
        return queue.Writer.WriteAsync(entry, cancellationToken);
    }

    /// <summary>Appends a line with the context's connection, inside its current transaction.</summary>
    public static async Task AppendAsync(GeoHubDb db, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var role = Name(entry.Role);
        var kind = Name(entry.Kind);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit.audit_log (at, subject, role, areas, kind, operation, operation_name, area_code, outcome)
            VALUES ({entry.At}, {entry.Subject}, {role}, {entry.AreaCodes}, {kind}, {entry.Operation}, {entry.OperationName}, {entry.AreaCode}, {entry.Outcome})
            """, cancellationToken);
    }

    /// <summary>Appends a line on a write's own connection, inside its transaction (the writes of src/GeoHub/Changes run plain SQL).</summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO audit.audit_log (at, subject, role, areas, kind, operation, operation_name, area_code, outcome)
            VALUES (@at, @subject, @role, @areas, @kind, @operation, @operation_name, @area_code, @outcome)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("at", entry.At));
        command.Parameters.Add(new NpgsqlParameter("subject", (object?)entry.Subject ?? DBNull.Value));
        command.Parameters.Add(new NpgsqlParameter<string>("role", Name(entry.Role)));
        command.Parameters.Add(new NpgsqlParameter<string[]>("areas", entry.AreaCodes));
        command.Parameters.Add(new NpgsqlParameter<string>("kind", Name(entry.Kind)));
        command.Parameters.Add(new NpgsqlParameter<string>("operation", entry.Operation));
        command.Parameters.Add(new NpgsqlParameter("operation_name", (object?)entry.OperationName ?? DBNull.Value));
        command.Parameters.Add(new NpgsqlParameter("area_code", (object?)entry.AreaCode ?? DBNull.Value));
        command.Parameters.Add(new NpgsqlParameter<string>("outcome", entry.Outcome));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Waits (10 s at most) until every line queued so far is written: tests read the log right after a request.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        for (var waited = 0; Interlocked.Read(ref unwritten) > 0 && waited < 1000; waited++)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<AuditEntry> batch = [];
        // Lines still queued when the host stops are written before it exits.
        while (await WaitAsync(stoppingToken))
        {
            try
            {
                while (batch.Count < BatchSize && queue.Reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                await WriteAsync(batch, CancellationToken.None);
                Interlocked.Add(ref unwritten, -batch.Count);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                // The database is away: keep the lines and try again shortly.
                NotWritten(logger, exception, batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
                continue;
            }

            batch.Clear();
        }
    }

    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await queue.Reader.WaitToReadAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return queue.Reader.Count > 0;
        }
    }

    private async Task WriteAsync(List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var plain = batch.Where(e => e.ItemIds is null).ToList();
        if (plain.Count > 0)
        {
            await using var insert = new NpgsqlCommand(InsertSql, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. plain.Select(e => e.At)] });
            insert.Parameters.Add(Texts("subject", plain.Select(e => e.Subject)));
            insert.Parameters.Add(Texts("role", plain.Select(e => Name(e.Role))));
            // unnest cannot take an array of arrays of different lengths: the areas travel as text
            // ('{350802,350803}') and are cast back.
            insert.Parameters.Add(Texts("areas_text", plain.Select(e => "{" + string.Join(',', e.AreaCodes.Select(Quote)) + "}")));
            insert.Parameters.Add(Texts("kind", plain.Select(e => Name(e.Kind))));
            insert.Parameters.Add(Texts("operation", plain.Select(e => e.Operation)));
            insert.Parameters.Add(Texts("operation_name", plain.Select(e => e.OperationName)));
            insert.Parameters.Add(Texts("area_code", plain.Select(e => e.AreaCode)));
            insert.Parameters.Add(Texts("outcome", plain.Select(e => e.Outcome)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var entry in batch.Where(e => e.ItemIds is not null))
        {
            // One line per area the items lie in, found from the items themselves.
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO audit.audit_log (at, subject, role, areas, kind, operation, operation_name, area_code, outcome, items)
                SELECT @at, @subject, @role, @areas, @kind, @operation, @operation_name, item.area_code, @outcome, count(*)
                FROM ({AccessScope.ItemAreaSql(entry.ItemKind!.Value)}) item
                GROUP BY item.area_code
                """, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<DateTime>("at", entry.At));
            insert.Parameters.Add(new NpgsqlParameter<string?>("subject", NpgsqlDbType.Text) { TypedValue = entry.Subject });
            insert.Parameters.Add(new NpgsqlParameter<string>("role", Name(entry.Role)));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("areas", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = entry.AreaCodes });
            insert.Parameters.Add(new NpgsqlParameter<string>("kind", Name(entry.Kind)));
            insert.Parameters.Add(new NpgsqlParameter<string>("operation", entry.Operation));
            insert.Parameters.Add(new NpgsqlParameter<string?>("operation_name", NpgsqlDbType.Text) { TypedValue = entry.OperationName });
            insert.Parameters.Add(new NpgsqlParameter<string>("outcome", entry.Outcome));
            insert.Parameters.Add(new NpgsqlParameter<int[]>("ids", entry.ItemIds!));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlParameter<string?[]> Texts(string name, IEnumerable<string?> values) =>
        new NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. values] };

    private static string Quote(string code) => "\"" + code.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [LoggerMessage(Level = LogLevel.Warning, Message = "audit log: {Count} lines not written yet")]
    private static partial void NotWritten(ILogger logger, Exception exception, int count);

    /// <summary>Stored as the GraphQL enum values read (PERSONAL_READ, OFFICER).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}

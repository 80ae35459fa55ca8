using System.Buffers.Text;
using System.Globalization;
using System.Text;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types.Relay.DataObjects;
using Npgsql;
using NpgsqlTypes;

namespace GeoHub.Access;

/// <summary>A line of the audit log as stored.</summary>
public sealed record AuditRecord(
    long Id, DateTime At, string? Subject, Role Role, string[] AreaCodes, AuditKind Kind, string Operation, string? OperationName, string? AreaCode, string Outcome, int? Items);

public sealed class AuditFilter
{
    public AuditKind? Kind { get; set; }
    public string? Subject { get; set; }
    public Role? Role { get; set; }
    public string? Outcome { get; set; }
    public string? Operation { get; set; }
    public string? AreaCode { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
}

/// <summary>The audit log, newest first, in keyset pages over (at, id).</summary>
public static class AuditQueries
{
    private const string Conditions = """
        (@kind::text IS NULL OR kind = @kind)
        AND (@subject::text IS NULL OR subject = @subject)
        AND (@role::text IS NULL OR role = @role)
        AND (@outcome::text IS NULL OR outcome = @outcome)
        AND (@operation::text IS NULL OR operation = @operation)
        AND (@area_code::text IS NULL OR area_code = @area_code)
        AND (@from::timestamptz IS NULL OR at >= @from)
        AND (@to::timestamptz IS NULL OR at < @to)
        """;

    private const string PageSql = $"""
        SELECT id, at, subject, role, areas, kind, operation, operation_name, area_code, outcome, items
        FROM audit.audit_log
        WHERE {Conditions}
          AND (@after_id::bigint IS NULL OR (at, id) < (@after_at, @after_id))
        ORDER BY at DESC, id DESC
        LIMIT @limit
        """;

    private const string CountSql = $"SELECT count(*)::int FROM audit.audit_log WHERE {Conditions}";

    public static async Task<Page<AuditRecord>> PageAsync(NpgsqlDataSource dataSource, AuditFilter? filter, PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Last is not null || request.Before is not null)
        {
            throw GraphQLErrors.InvalidArgument("The audit log pages forward only (first, after).");
        }

        var after = request.After is { } cursor ? Decode(cursor) : ((DateTime At, long Id)?)null;
        await using var command = dataSource.CreateCommand(PageSql);
        AddFilter(command, filter);
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Bigint) { Value = (object?)after?.Id ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_at", NpgsqlDbType.TimestampTz) { Value = (object?)after?.At ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", request.Size + 1));
        List<AuditRecord> rows = [];
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new AuditRecord(
                    reader.GetInt64(0), reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetString(2), Parse<Role>(reader.GetString(3)),
                    reader.GetFieldValue<string[]>(4), Parse<AuditKind>(reader.GetString(5)), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetInt32(10)));
            }
        }

        var more = rows.Count > request.Size;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var edges = rows.Select(r => new Edge<AuditRecord> { Node = r, Cursor = Encode(r) }).ToList();
        return new Page<AuditRecord>
        {
            Edges = edges,
            PageInfo = new PageInfo
            {
                HasNextPage = more,
                HasPreviousPage = request.After is not null,
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
            },
            CountAsync = async ct =>
            {
                await using var count = dataSource.CreateCommand(CountSql);
                AddFilter(count, filter);
                return (int)(await count.ExecuteScalarAsync(ct))!;
            },
        };
    }

    private static void AddFilter(NpgsqlCommand command, AuditFilter? filter)
    {
        Text(command, "kind", filter?.Kind is { } kind ? AuditLog.Name(kind) : null);
        Text(command, "subject", filter?.Subject);
        Text(command, "role", filter?.Role is { } role ? AuditLog.Name(role) : null);
        Text(command, "outcome", filter?.Outcome);
        Text(command, "operation", filter?.Operation);
        Text(command, "area_code", filter?.AreaCode);
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)filter?.From?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)filter?.To?.UtcDateTime ?? DBNull.Value });
    }

    private static void Text(NpgsqlCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    private static TEnum Parse<TEnum>(string stored)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().First(value => AuditLog.Name(value) == stored);

    private static string Encode(AuditRecord row) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{row.At.Ticks}:{row.Id}")));

    private static (DateTime At, long Id) Decode(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && ticks <= DateTime.MaxValue.Ticks)
            {
                return (new DateTime(ticks, DateTimeKind.Utc), id);
            }
        }
        catch (FormatException)
        {
        }

        throw new ExecutionError($"'{cursor}' is not a cursor of the audit log.") { Code = ErrorCodes.InvalidCursor };
    }
}

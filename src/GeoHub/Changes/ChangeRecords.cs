using GeoHub.Access;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Npgsql;

namespace GeoHub.Changes;

/// <summary>A line of the change log (table changes): what one write did to one record.</summary>
public sealed record ChangeRecord(string Operation, DateOnly On, string Entity, int EntityId, string? Before, string? After, string? Reason);

/// <summary>
/// The change-log lines of a write's audit entry: written in the write's transaction with the
/// audit line's time and subject, so the audit log shows every write with before and after.
/// </summary>
public sealed class ChangeRecordType : ObjectGraphType<ChangeRecord>
{
    private const string LinesSql = """
        SELECT operation, on_day, entity, entity_id, before::text, after::text, reason FROM changes
        WHERE at = @at AND subject IS NOT DISTINCT FROM @subject AND 'Mutation.' || operation = @operation
        ORDER BY id
        """;

    public ChangeRecordType()
    {
        Name = "ChangeRecord";
        Description = "What a write did to one record: the row before and after, as JSON.";
        Field<NonNullGraphType<StringGraphType>>("operation").Internal(DataKind.AuditLog).Resolve(context => context.Source.Operation);
        Field<NonNullGraphType<DateScalar>>("on").Internal(DataKind.AuditLog).Description("The day of the change.").Resolve(context => context.Source.On);
        Field<NonNullGraphType<IdGraphType>>("recordId").Internal(DataKind.AuditLog).Resolve(context => GlobalId.Encode(context.Source.Entity, context.Source.EntityId));
        Field<StringGraphType>("before").Internal(DataKind.AuditLog).Description("The row before the write (JSON); null for a new record.").Resolve(context => context.Source.Before);
        Field<StringGraphType>("after").Internal(DataKind.AuditLog).Description("The row after the write (JSON).").Resolve(context => context.Source.After);
        Field<StringGraphType>("reason").Internal(DataKind.AuditLog).Description("A correction's reason.").Resolve(context => context.Source.Reason);
    }

    /// <summary>The lines of the write an audit entry records (none for other kinds of entry).</summary>
    public static async Task<IReadOnlyList<ChangeRecord>> OfAsync(IResolveFieldContext context, AuditRecord entry)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != AuditKind.Write || entry.Outcome != "OK")
        {
            return [];
        }

        await using var command = context.DataSource().CreateCommand(LinesSql);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("at", entry.At));
        command.Parameters.Add(new NpgsqlParameter("subject", (object?)entry.Subject ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string>("operation", entry.Operation));
        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        List<ChangeRecord> lines = [];
        while (await reader.ReadAsync(context.CancellationToken))
        {
            lines.Add(new ChangeRecord(
                reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return lines;
    }
}

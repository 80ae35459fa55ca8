using System.Text.Json.Nodes;
using GraphQL;
using Npgsql;

namespace GeoHub.Changes;

/// <summary>
/// One write's transaction: the statements of a mutation, its change-log lines and its audit entry
/// commit together or not at all. Writes are plain SQL on one connection so that every change to
/// the map's rows goes through few, visible statements (the figures are counted from those rows).
/// </summary>
public sealed class WriteScope(IResolveFieldContext context, NpgsqlConnection connection, NpgsqlTransaction transaction, string? reason, bool ownsConnection = true) : IAsyncDisposable
{
    private readonly List<long> changeIds = [];

    public NpgsqlConnection Connection => connection;

    public NpgsqlTransaction Transaction => transaction;

    /// <summary>The mutation's field name (reportBack, signAgreement…).</summary>
    public string Operation => context.FieldDefinition.Name;

    public CancellationToken CancellationToken => context.CancellationToken;

    /// <summary>The correction's reason, when the write reaches into settled days.</summary>
    public string? Reason => reason;

    /// <summary>The change-log lines this write added, in order.</summary>
    public IReadOnlyList<long> ChangeIds => changeIds;

    /// <summary>Marks the transaction as a recorded write: the triggers that check what writes record apply to it.</summary>
    public Task BeginAsync() => ExecuteAsync("SELECT set_config('geohub.write', 'on', true)");

    public NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(CancellationToken);
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(CancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>The row as JSON (the query selects to_jsonb(row)::text), or null when there is none.</summary>
    public async Task<JsonObject?> RowAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var text = await ScalarAsync<string>(sql, parameters);
        return text is null ? null : JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>
    /// Locks the row for this write and checks the version the client read: a concurrent writer of
    /// the row waits here for the first to commit, then sees its bumped version, so of writers that
    /// read the same version exactly one goes on. Returns the row as it was before this write.
    /// </summary>
    public async Task<JsonObject> TakeVersionAsync(string table, string typeName, int id, int version, string field = "id")
    {
        var before = await RowAsync($"SELECT to_jsonb(t)::text FROM {table} t WHERE id = @id FOR UPDATE", ("id", id))
            ?? throw WriteErrors.NotFound(field, typeName);
        var current = (int)before["version"]!;
        if (current != version)
        {
            throw WriteErrors.StaleVersion(typeName, version, current);
        }

        await ExecuteAsync($"UPDATE {table} SET version = version + 1 WHERE id = @id", ("id", id));
        return before;
    }

    /// <summary>
    /// A line of the change log: what changed (before and after), where (the area's path and the
    /// compounds whose map status may follow), as of which day; and the write's audit entry. The
    /// log's trigger NOTIFYs every instance at commit.
    /// </summary>
    public async Task RecordAsync(Change change)
    {
        ArgumentNullException.ThrowIfNull(change);
        change = change with { Subject = WriteGate.Subject(context) };
        long id;
        DateTime at;
        await using (var command = Command("""
            INSERT INTO changes (operation, on_day, entity, entity_id, area_path, compound_ids, before, after, reason, subject)
            VALUES (@operation, @on, @entity, @entity_id, @area_path, @compound_ids, @before::jsonb, @after::jsonb, @reason, @subject)
            RETURNING id, at
            """,
            ("operation", Operation), ("on", change.On), ("entity", change.Entity), ("entity_id", change.EntityId),
            ("area_path", change.Place.Path), ("compound_ids", change.CompoundIds.ToArray()),
            ("before", change.Before?.ToJsonString()), ("after", change.After?.ToJsonString()),
            ("reason", reason), ("subject", change.Subject)))
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken))
        {
            await reader.ReadAsync(CancellationToken);
            (id, at) = (reader.GetInt64(0), reader.GetDateTime(1));
        }

        changeIds.Add(id);
        // The audit line carries the change line's time, which (with the subject and the
        // operation) is how auditLog finds what the write changed.
        await WriteGate.AuditAsync(context, this, change, at);
    }

    /// <summary>
    /// Where a compound lies (its community): what the caller's right is demanded for and what
    /// subscribers of an area hear about. Refuses the write when the caller may not write there.
    /// </summary>
    public async Task<Place> CompoundPlaceAsync(int compoundId, string field)
    {
        var place = await PlaceAsync(
            "SELECT a.id, a.path, a.code FROM compounds c JOIN areas a ON a.id = c.community_id WHERE c.id = @id", compoundId)
            ?? throw WriteErrors.NotFound(field, "compound");
        WriteGate.Demand(context, place);
        return place;
    }

    /// <summary>An area's place (a community, or a street for a street-level venue); refuses as above.</summary>
    public async Task<Place> AreaPlaceAsync(int areaId, string field)
    {
        var place = await PlaceAsync("SELECT a.id, a.path, a.code FROM areas a WHERE a.id = @id", areaId)
            ?? throw WriteErrors.NotFound(field, "area");
        WriteGate.Demand(context, place);
        return place;
    }

    /// <summary>The place of an area given by its code (communityCode inputs).</summary>
    public async Task<Place> AreaCodePlaceAsync(string code, string field)
    {
        var areaId = await ScalarAsync<int?>("SELECT id FROM areas WHERE code = @code", ("code", code))
            ?? throw WriteErrors.NotFound(field, "area");
        return await AreaPlaceAsync(areaId, field);
    }

    private async Task<Place?> PlaceAsync(string sql, int id)
    {
        await using var command = Command(sql, ("id", id));
        await using var reader = await command.ExecuteReaderAsync(CancellationToken);
        return await reader.ReadAsync(CancellationToken) ? new Place(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsConnection)
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}

/// <summary>An area a write happens in: the community (or street) whose path decides rights and subscriptions.</summary>
public sealed record Place(int AreaId, string Path, string Code);

/// <summary>What one write changed, for the change log and the audit entry.</summary>
public sealed record Change(string Entity, int EntityId, DateOnly On, Place Place, IReadOnlyList<int> CompoundIds, JsonObject? Before, JsonObject? After)
{
    public string? Subject { get; init; }
}

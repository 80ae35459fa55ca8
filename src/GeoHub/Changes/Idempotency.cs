using System.Security.Cryptography;
using System.Text;
using GeoHub.GraphQL;
using GraphQL;
using Npgsql;

namespace GeoHub.Changes;

/// <summary>
/// Requests sent with an <c>Idempotency-Key</c> header are done once. Requests with one key (per
/// caller) are serialised by a PostgreSQL advisory lock, so this holds across instances; the key's
/// row is inserted inside the write's own transaction (a write cannot commit without it), and the
/// answer is stored when the request ends. A retry with the same key and body gets that answer
/// again; another body is IDEMPOTENCY_KEY_REUSED. Keys are kept 48 hours.
/// </summary>
public sealed class Idempotency
{
    public const string Header = "Idempotency-Key";

    private static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    /// <summary>Set by the endpoint for a request that carries a key.</summary>
    public string? Subject { get; private set; }

    public string? Key { get; private set; }

    public byte[]? RequestHash { get; private set; }

    /// <summary>What each mutation field of this request committed under the key, by its path.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object?> done = new();

    /// <summary>The result a field already committed under the key in this request, if any.</summary>
    public object? Done(IResolveFieldContext context) =>
        Key is not null && done.TryGetValue(PathOf(context), out var result) ? result : null;

    public void Committed(IResolveFieldContext context, object? result)
    {
        if (Key is not null)
        {
            done[PathOf(context)] = result;
        }
    }

    private static string PathOf(IResolveFieldContext context) => string.Join('/', context.Path);

    public static byte[] Hash(string canonicalRequest) => SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest));

    /// <summary>
    /// Takes the key's lock on <paramref name="connection"/> (held until it closes) and returns the
    /// stored answer, if any: (status, body) to replay, or an error when the key was used otherwise.
    /// </summary>
    public async Task<(int Status, string Body)?> BeginAsync(NpgsqlConnection connection, string subject, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Subject = subject;
        Key = key;
        RequestHash = requestHash;
        await using (var purge = new NpgsqlCommand("DELETE FROM idempotency_keys WHERE created_at < now() - @retention", connection))
        {
            purge.Parameters.AddWithValue("retention", Retention);
            await purge.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var lockKey = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended(@subject, 0) # hashtextextended(@key, 1))", connection))
        {
            lockKey.Parameters.AddWithValue("subject", subject);
            lockKey.Parameters.AddWithValue("key", key);
            await lockKey.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var find = new NpgsqlCommand("SELECT request_hash, response, status FROM idempotency_keys WHERE subject = @subject AND key = @key", connection);
        find.Parameters.AddWithValue("subject", subject);
        find.Parameters.AddWithValue("key", key);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        if (!((byte[])reader[0]).AsSpan().SequenceEqual(requestHash))
        {
            throw new ExecutionError($"The {Header} '{key}' was used with another request; use a new key for a new request.") { Code = ErrorCodes.IdempotencyKeyReused };
        }

        return reader.IsDBNull(1)
            ? throw new ExecutionError($"The request with {Header} '{key}' wrote its changes but its answer was not kept; read the records to see them.") { Code = ErrorCodes.IdempotencyKeyInProgress }
            : (reader.GetInt32(2), reader.GetString(1));
    }

    /// <summary>Lets the key go (pooled connections keep session state, so the lock is released by hand).</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
        await unlock.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Inside a write's transaction: the key is taken by this write (a no-op without a key, or for a second write of the request).</summary>
    public static async Task ClaimAsync(IResolveFieldContext context, WriteScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var claim = context?.RequestServices?.GetService<Idempotency>();
        if (claim?.Key is null)
        {
            return;
        }

        await using var insert = scope.Command("""
            INSERT INTO idempotency_keys (subject, key, request_hash) VALUES (@subject, @key, @hash)
            ON CONFLICT (subject, key) DO NOTHING
            """, ("subject", claim.Subject), ("key", claim.Key), ("hash", claim.RequestHash));
        // Taken already and not by this request: an earlier process committed a write under the
        // key and died before keeping its answer; this write must not be done a second time.
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0 && claim.done.IsEmpty)
        {
            throw new ExecutionError($"A write with {Header} '{claim.Key}' was committed before; read the records to see it.") { Code = ErrorCodes.IdempotencyKeyInProgress };
        }
    }

    /// <summary>Keeps the answer for retries (also when nothing was written: the key is then taken by this body).</summary>
    public async Task CompleteAsync(NpgsqlConnection connection, int status, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO idempotency_keys (subject, key, request_hash, response, status) VALUES (@subject, @key, @hash, @response, @status)
            ON CONFLICT (subject, key) DO UPDATE SET response = EXCLUDED.response, status = EXCLUDED.status
            """, connection);
        upsert.Parameters.AddWithValue("subject", Subject!);
        upsert.Parameters.AddWithValue("key", Key!);
        upsert.Parameters.AddWithValue("hash", RequestHash!);
        upsert.Parameters.AddWithValue("response", body);
        upsert.Parameters.AddWithValue("status", status);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}

using GeoHub.GraphQL;
using GraphQL;
using Npgsql;

namespace GeoHub.Changes;

/// <summary>
/// How every mutation of the week's changes runs: its input checked, one transaction, the caller's
/// right demanded and the audit entry appended (<see cref="WriteGate"/>), the change logged, the
/// idempotency key claimed; a constraint the database refuses becomes a coded error naming the
/// field, and nothing is written. A deadlock between concurrent writers is retried.
/// </summary>
public static class Writes
{
    private const int Attempts = 4;

    /// <summary>Runs <paramref name="write"/>, which returns the payload's object, in a write transaction.</summary>
    public static async Task<T> RunAsync<T>(IResolveFieldContext context, Func<WriteScope, WriteInput, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            return await RunCheckedAsync(context, write);
        }
        catch (ExecutionError error)
        {
            // Refused by the input's checks or a rule of the write: audited with its code.
            WriteGate.Failed(context, error);
            throw;
        }
    }

    private static async Task<T> RunCheckedAsync<T>(IResolveFieldContext context, Func<WriteScope, WriteInput, Task<T>> write)
    {
        var input = new WriteInput(context);
        var ambient = context.RequestServices?.GetService<BulkWrite>();
        var idempotency = context.RequestServices?.GetService<Idempotency>();
        if (idempotency?.Done(context) is T done)
        {
            // The execution is being retried (main's ResilientExecution, on a lost connection)
            // after this write committed under the request's key: it is not done twice.
            return done;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ambient is not null
                    ? await ambient.RunAsync(context, input, write)
                    : await RunOnceAsync(context, input, write);
            }
            catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                && attempt < Attempts && ambient is null)
            {
                // Two writers took the same rows in opposite orders; the loser was rolled back whole.
                await Task.Delay(Random.Shared.Next(5, 40) * attempt, context.CancellationToken);
            }
            catch (PostgresException exception) when (WriteErrors.FromConstraint(exception) is { } error)
            {
                throw error;
            }
        }
    }

    private static async Task<T> RunOnceAsync<T>(IResolveFieldContext context, WriteInput input, Func<WriteScope, WriteInput, Task<T>> write)
    {
        var cancellationToken = context.CancellationToken;
        var connection = await context.DataSource().OpenConnectionAsync(cancellationToken);
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var scope = new WriteScope(context, connection, transaction, input.Reason);
        await scope.BeginAsync();
        var result = await write(scope, input);
        await Idempotency.ClaimAsync(context, scope, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        context.RequestServices?.GetService<Idempotency>()?.Committed(context, result);
        return result;
    }
}

/// <summary>
/// <c>geohub apply</c>: every line's mutation in one transaction, committed after the last line,
/// so a bad line leaves nothing written (the command stops at it and rolls everything back).
/// </summary>
public sealed class BulkWrite(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public async Task<T> RunAsync<T>(IResolveFieldContext context, WriteInput input, Func<WriteScope, WriteInput, Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(input);
        // Not disposed here: the connection and transaction are the command's.
        var scope = new WriteScope(context, connection, transaction, input.Reason, ownsConnection: false);
        await scope.BeginAsync();
        return await write(scope, input);
    }
}

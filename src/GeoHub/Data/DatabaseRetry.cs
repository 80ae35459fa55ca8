using System.Diagnostics;

namespace GeoHub.Data;

/// <summary>
/// The read retry of <see cref="DatabaseFaults"/> for work outside GraphQL (the map endpoints):
/// the same faults, the same backoff, the same budget as ResilientExecution.
/// </summary>
public static class DatabaseRetry
{
    /// <summary>The read's answer, or <see cref="DatabaseUnavailableException"/> once the budget is spent.</summary>
    public static async Task<T> ReadAsync<T>(DatabaseRoutes routes, DatabaseFaults faults, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(read);
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await read(cancellationToken);
            }
            catch (Exception exception) when (DatabaseFaults.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                if (DatabaseFaults.IsConnectionLoss(exception))
                {
                    routes.ClearPools();
                }

                if (clock.Elapsed + delay > faults.RetryBudget)
                {
                    throw new DatabaseUnavailableException(exception);
                }
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }
}

/// <summary>The database did not come back within the retry budget.</summary>
public sealed class DatabaseUnavailableException(Exception inner) : Exception("The database is unavailable.", inner);

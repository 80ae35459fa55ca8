using System.Diagnostics;
using GeoHub.Data;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace GeoHub.GraphQL;

/// <summary>
/// Absorbs the database going away: a read whose answer holds a transient database fault
/// (<see cref="DatabaseFaults.IsTransient"/>) runs again, with fresh loaders in a fresh scope,
/// after 50 ms, 100 ms, … (at most a second apart) until it succeeds or the retry budget is spent.
/// A write runs again only when that is safe: with an Idempotency-Key, whose first answer is
/// replayed rather than the write repeated; without one its answer stands, the fault coded
/// DATABASE_UNAVAILABLE. A read past the budget is DATABASE_UNAVAILABLE with no data, so that the
/// endpoint says 503 with Retry-After instead of a half-filled answer.
/// Also sends a mutation's commands to the primary (<see cref="RequestRoute"/>).
/// </summary>
public sealed class ResilientExecution(DatabaseRoutes routes, IOptions<DatabaseFaults> options) : IConfigureExecution
{
    private readonly DatabaseFaults faults = options.Value;

    // After RequestGuard (0): the guard parses and measures once; each attempt here executes.
    public float SortOrder => 1;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        var services = options.RequestServices;
        var isWrite = OperationTypeOf(options) is OperationType.Mutation;
        var route = services?.GetService<RequestRoute>();
        if (route is not null && isWrite)
        {
            route.ToPrimary = true;
            route.Wrote = true;
        }

        var retryable = !isWrite || route?.IdempotencyKey is not null;
        var clock = Stopwatch.StartNew();
        var budget = options.Timeout;
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (true)
            {
                if (budget != Timeout.InfiniteTimeSpan)
                {
                    // Each attempt gets what is left of the request's budget, not a new one.
                    options.Timeout = budget - clock.Elapsed > TimeSpan.Zero ? budget - clock.Elapsed : TimeSpan.FromMilliseconds(1);
                }

                var result = await next(options);
                var fault = TransientFault(result);
                if (fault is null)
                {
                    return result;
                }

                if (DatabaseFaults.IsConnectionLoss(fault))
                {
                    routes.ClearPools();
                }

                if (!retryable)
                {
                    // A write may have committed before the fault: its answer stands as it is,
                    // with the fault named, so that the caller does not take it for nothing done.
                    NameFaults(result);
                    return result;
                }

                if (clock.Elapsed + delay > faults.RetryBudget || (budget != Timeout.InfiniteTimeSpan && clock.Elapsed + delay >= budget))
                {
                    return Unavailable();
                }

                await Task.Delay(delay, options.CancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                if (services is not null)
                {
                    // The loaders of the failed attempt hold its failed batches: the next attempt
                    // gets new ones. Everything else of the request stays (its caller, what it
                    // gathered for the audit log, its route).
                    options.RequestServices = new FreshLoaders(services);
                }
            }
        }
        finally
        {
            options.RequestServices = services;
        }
    }

    private ExecutionResult Unavailable() =>
        new(new ExecutionError($"The database is unavailable; try again in {faults.RetryAfterSeconds} s.") { Code = ErrorCodes.DatabaseUnavailable });

    private static void NameFaults(ExecutionResult result)
    {
        foreach (var error in result.Errors ?? [])
        {
            if (DatabaseFaults.IsTransient(error.InnerException))
            {
                error.Code = ErrorCodes.DatabaseUnavailable;
            }
        }
    }

    /// <summary>The first error caused by a transient database fault, if any.</summary>
    private static Exception? TransientFault(ExecutionResult result)
    {
        foreach (var error in result.Errors ?? [])
        {
            if (DatabaseFaults.IsTransient(error.InnerException))
            {
                return error.InnerException;
            }
        }

        return null;
    }

    private static OperationType? OperationTypeOf(ExecutionOptions options)
    {
        GraphQLOperationDefinition? found = null;
        foreach (var definition in options.Document?.Definitions ?? [])
        {
            if (definition is GraphQLOperationDefinition operation
                && (options.OperationName is null || operation.Name?.StringValue == options.OperationName))
            {
                if (found is not null && options.OperationName is null)
                {
                    return null;
                }

                found = operation;
            }
        }

        return found?.Operation;
    }

    /// <summary>The request's services, but for a new set of batch loaders.</summary>
    private sealed class FreshLoaders(IServiceProvider request) : IServiceProvider
    {
        private readonly DataLoaders loaders = new();

        public object? GetService(Type serviceType) => serviceType == typeof(DataLoaders) ? loaders : request.GetService(serviceType);
    }
}

using GeoHub.Access;
using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace GeoHub.GraphQL;

/// <summary>
/// Every execution passes here first, whoever calls the executer (the HTTP endpoint, tests, and
/// later transports): the text is parsed only within <see cref="DocumentLimits"/>, the chosen
/// operation is measured (<see cref="OperationCost"/>) before any validation rule walks it, and
/// the execution gets the request's wall-clock budget, after which GraphQL.NET cancels it (the
/// resolvers' database commands with it) and answers TIMEOUT. The cost and time budgets are the
/// caller's role's (<see cref="CallerLimits"/>), and a role that trusted documents bind
/// (<see cref="TrustedDocuments"/>) may run only those.
/// </summary>
public sealed class RequestGuard(DocumentGuard guard, IOptions<CallerLimits> callerLimits, TrustedDocuments trusted) : IConfigureExecution
{
    // Before GraphQL.NET's own configurations, so that nothing else sees an unchecked document.
    public float SortOrder => 0;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(next);
        var access = options.RequestServices?.GetService<RequestAccess>();
        var caller = access?.Caller ?? Caller.Anonymous;
        if (trusted.Refuse(options, caller) is { } untrusted)
        {
            if (untrusted.Code == ErrorCodes.PersistedQueryNotInList)
            {
                access?.Refused(RequestOperation, options.OperationName, null, untrusted.Code);
            }

            return new ExecutionResult(untrusted);
        }

        if (options.Document is null && options.Query is not null)
        {
            var (document, error) = guard.Parse(options.Query);
            if (error is not null)
            {
                return new ExecutionResult(error);
            }

            options.Document = document;
        }

        if (StorableText.Problem(options.Variables, "variables") is { } problem)
        {
            return new ExecutionResult(new ExecutionError($"The request's {problem}.") { Code = ErrorCodes.InvalidValue });
        }

        if (options.Document is not null && options.Schema is ISchema schema)
        {
            if (!schema.Initialized)
            {
                schema.Initialize();
            }

            var maxComplexity = callerLimits.Value.MaxComplexity(caller.Role, guard.Limits);
            if (OperationCost.Check(schema, options.Document, options.OperationName, options.Variables, guard.Limits, maxComplexity) is { } refusal)
            {
                if (refusal.Code == ErrorCodes.Complexity)
                {
                    // Over the role's budget is a refusal of this caller, as FORBIDDEN is.
                    var name = options.OperationName
                        ?? (options.Document.Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().Take(2).ToList() is [var only] ? only.Name?.StringValue : null);
                    access?.Refused(RequestOperation, name, null, refusal.Code);
                }

                return new ExecutionResult(refusal);
            }
        }

        if (options.Timeout == Timeout.InfiniteTimeSpan)
        {
            options.Timeout = callerLimits.Value.RequestBudget(caller.Role, guard.Limits);
        }

        var result = await next(options);
        NameDatesOutOfSpan(result);
        return result;
    }

    /// <summary>What the audit log names a refusal of a whole request by, as it names refused tokens by their path.</summary>
    public const string RequestOperation = "/graphql";

    /// <summary>
    /// A date variable outside <see cref="DateSpan"/> comes back as GraphQL.NET's variable error
    /// (INVALID_VALUE, "unable to convert") around the scalar's refusal: it is the caller's
    /// argument, INVALID_ARGUMENT, and the refusal says why. (A literal's refusal stands as it is.)
    /// </summary>
    private static void NameDatesOutOfSpan(ExecutionResult result)
    {
        if (result.Errors is not { } errors || !errors.Any(IsWrappedDate))
        {
            return;
        }

        var named = new ExecutionErrors();
        foreach (var error in errors)
        {
            if (!IsWrappedDate(error))
            {
                named.Add(error);
                continue;
            }

            var date = (DateOutOfSpanException)error.InnerException!;
            var replacement = new ExecutionError($"{error.Message}: {date.Message}", date) { Code = ErrorCodes.InvalidArgument };
            foreach (var location in error.Locations ?? [])
            {
                replacement.AddLocation(location);
            }

            named.Add(replacement);
        }

        result.Errors = named;
    }

    private static bool IsWrappedDate(ExecutionError error) => error is not DateOutOfSpanException && error.InnerException is DateOutOfSpanException;
}

using System.Text.Json;
using GeoHub.Access;
using GeoHub.Changes;
using GeoHub.Data;
using GeoHub.GraphQL;
using GraphQL;
using GraphQL.Types;
using Spectre.Console;

namespace GeoHub.Cli;

/// <summary>
/// `geohub apply FILE`: the week's changes from NDJSON, one mutation a line
/// (<c>{"mutation": "reportBack", "input": {…}}</c>), run through the same GraphQL mutations and
/// checks as the API, all in one transaction: a bad line is reported by its number and nothing
/// is written.
/// </summary>
public static class ApplyCommand
{
    public static async Task<int> RunAsync(FileInfo file, string connectionString, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"apply: {file.FullName}: no such file");
            return 2;
        }

        var lines = (await File.ReadAllLinesAsync(file.FullName, cancellationToken))
            .Select((text, index) => (Number: index + 1, Text: text))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .ToList();
        await using var dataSource = DataServices.CreateDataSource(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var services = new ServiceCollection()
            .AddLogging()
            .AddGeoHubData(connectionString)
            .AddGeoHubGraphQL()
            .AddSingleton(new BulkWrite(connection, transaction))
            // The command writes as GeoHub's operator: an ADMIN anywhere, named in the change and
            // audit logs after the account that ran it.
            .AddSingleton<AuditLog>()
            .AddScoped(provider => new RequestAccess(provider.GetRequiredService<AuditLog>())
            {
                Caller = new Caller(Role.Admin, [], null, "cli:" + Environment.UserName),
            })
            .BuildServiceProvider();
        await using var _ = services;
        var schema = services.GetRequiredService<ISchema>();
        var executer = services.GetRequiredService<IDocumentExecuter>();
        var serializer = services.GetRequiredService<IGraphQLTextSerializer>();

        string? failure = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"apply {file.Name} ({lines.Count} changes)", maxValue: Math.Max(1, lines.Count));
                foreach (var (number, text) in lines)
                {
                    failure = await ApplyLineAsync(schema, executer, serializer, services, text, cancellationToken);
                    if (failure is not null)
                    {
                        failure = $"line {number}: {failure}";
                        return;
                    }

                    task.Increment(1);
                }
            });

        if (failure is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            await Console.Error.WriteLineAsync(failure);
            await Console.Error.WriteLineAsync($"apply: {file.Name} refused; nothing was written");
            return 1;
        }

        await transaction.CommitAsync(cancellationToken);
        await Console.Out.WriteLineAsync($"apply: {lines.Count} changes from {file.Name} committed");
        return 0;
    }

    /// <summary>Runs one line's mutation; null when it succeeded, else what was wrong.</summary>
    private static async Task<string?> ApplyLineAsync(
        ISchema schema, IDocumentExecuter executer, IGraphQLTextSerializer serializer, IServiceProvider services, string text, CancellationToken cancellationToken)
    {
        string? mutation;
        JsonElement input;
        try
        {
            using var line = JsonDocument.Parse(text);
            mutation = line.RootElement.TryGetProperty("mutation", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
            if (mutation is null || !line.RootElement.TryGetProperty("input", out var given) || given.ValueKind != JsonValueKind.Object)
            {
                return $"{ErrorCodes.BadRequest}: a line is {{\"mutation\": NAME, \"input\": {{…}}}}";
            }

            input = given.Clone();
        }
        catch (JsonException exception)
        {
            return $"{ErrorCodes.InvalidJson}: {exception.Message}";
        }

        var field = schema.Mutation!.GetField(mutation);
        if (field?.Arguments?.Find("input")?.ResolvedType?.GetNamedType() is not { } inputType)
        {
            return $"{ErrorCodes.BadRequest}: '{mutation}' is not a mutation of the week's changes";
        }

        await using var scope = services.CreateAsyncScope();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = $"mutation Apply($input: {inputType.Name}!) {{ {mutation}(input: $input) {{ __typename }} }}",
            Variables = serializer.Deserialize<Inputs>($$"""{"input":{{input.GetRawText()}}}"""),
            RequestServices = scope.ServiceProvider,
            CancellationToken = cancellationToken,
        });
        return result.Errors is { Count: > 0 } errors
            ? string.Join("; ", errors.Select(e => $"{e.Code ?? ErrorCodes.InternalError}: {e.Message}"))
            : null;
    }
}
